import { Redis } from 'ioredis';
import { Client } from 'pg';

/** Drops the run's database and deletes its Redis keys: nothing leaks into the next run. */
export default async function globalTeardown(): Promise<void> {
  const database = process.env.TEST_RUN_DATABASE;
  if (database && process.env.TEST_KEEP_DATABASE !== '1') {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const prefix = process.env.QUEUE_PREFIX;
  if (prefix?.startsWith('{rt-test-')) {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
