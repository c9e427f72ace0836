import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * One isolated world per test run: a fresh database migrated from the committed migrations,
 * a Redis key prefix of its own, and a Clerk key pair whose public half the app trusts.
 * Workers inherit the environment set here.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `rt_test_${runId}`;

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
  execFileSync('node', ['scripts/db-migrate.mjs', 'deploy'], { env: process.env, stdio: 'pipe' });

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  process.env.CLERK_JWT_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  process.env.TEST_CLERK_PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  delete process.env.CLERK_SECRET_KEY;

  process.env.TEST_RUN_DATABASE = database;
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.QUEUE_PREFIX = `{rt-test-${runId}}`;
  process.env.APP_SECRET = randomBytes(32).toString('hex');
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.WORKER_HTTP_PORT = '0';
  process.env.NODE_ENV = 'test';
}
