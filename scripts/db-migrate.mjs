#!/usr/bin/env node
// `npm run db:migrate` / `db:status`: applies prisma/migrations with nothing but `pg` (no Prisma CLI,
// which cannot run offline, and no Wasm engine; for creating migrations and drift checks see
// scripts/prisma-migrate.mjs). `_prisma_migrations` is written exactly like Prisma's schema engine
// writes it, so either tool sees a database migrated by the other as up to date:
// - same table; checksum = lowercase hex sha256 of the migration.sql text;
// - per migration: INSERT → run the script → applied_steps_count + 1 → finished_at. A failure leaves
//   finished_at NULL with the error in `logs`, and later deploys refuse to run until it is resolved
//   (`npm run db:resolve -- --rolled-back <name>` or `--applied <name>`);
// - all under Prisma's advisory lock, so concurrent deploys apply each migration once.
//
// CLI: node scripts/db-migrate.mjs deploy|status (DATABASE_URL from the env or ./.env). In-process:
//   const { deployMigrations } = await import('<repo>/scripts/db-migrate.mjs');
//   const appliedNames = await deployMigrations({ databaseUrl, migrationsDir, log });

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import pg from 'pg';

const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const PRISMA_ADVISORY_LOCK_ID = 72707369;
// The schema engine's DDL (postgres flavour of create_migrations_table).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

// Prisma also accepts a file whose line endings changed since it was applied (git autocrlf).
const checksumMatches = (script, checksum) =>
  [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')].some(
    (s) => sha256(s) === checksum,
  );

/** Migration directories in the Prisma CLI's order (localeCompare of the directory names). */
async function readMigrations(migrationsDir) {
  const lockfile = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf-8').catch(() => null);
  if (lockfile !== null && !/^provider\s*=\s*"postgresql"/m.test(lockfile)) {
    throw new Error(`${migrationsDir}/migration_lock.toml is not for provider "postgresql"`);
  }
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error) => {
    throw new Error(`Cannot read the migrations directory ${migrationsDir}: ${error.message}`);
  });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  names.sort((a, b) => a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => ({
      name,
      script: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf-8'),
    })),
  );
}

/** One session for the whole run: the advisory lock belongs to it. Honours Prisma's `?schema=`. */
async function connect(databaseUrl) {
  const schema = new URL(databaseUrl).searchParams.get('schema');
  const client = new pg.Client({
    connectionString: databaseUrl,
    ...(schema && { options: `-c search_path="${schema}"` }),
  });
  await client.connect();
  if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  return client;
}

/** A missing database is created first (through the server's `postgres` database), so a new setup needs no createdb. */
async function createDatabase(databaseUrl, log) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  url.searchParams.delete('schema');
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    log(`Created database ${name}`);
  } catch (error) {
    if (error.code !== '42P04') throw error; // duplicate_database: a concurrent deploy created it
  } finally {
    await admin.end();
  }
}

async function listRows(client) {
  const { rows } = await client.query(
    'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM _prisma_migrations ORDER BY started_at',
  );
  return rows;
}

function describeDbError(error) {
  return [
    `Database error code: ${error.code ?? 'N/A'}`,
    `ERROR: ${error.message}`,
    error.detail && `DETAIL: ${error.detail}`,
    error.hint && `HINT: ${error.hint}`,
    error.position && `Position: ${error.position}`,
  ]
    .filter(Boolean)
    .join('\n');
}

async function applyMigration(client, { name, script }) {
  const id = randomUUID();
  await client.query(
    'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
    [id, sha256(script), name],
  );
  try {
    // No parameters → simple query protocol: the file goes as is (`$$` bodies intact) and PostgreSQL
    // runs its statements as one implicit transaction, like the schema engine's raw_cmd.
    await client.query(script);
  } catch (error) {
    const logs = describeDbError(error);
    await client.query('ROLLBACK'); // in case the script opened its own transaction; a no-op otherwise
    await client.query('UPDATE _prisma_migrations SET logs = $1 WHERE id = $2', [logs, id]);
    const message = `Migration ${name} failed; new migrations cannot be applied until it is resolved.`;
    throw new Error(`${message}\n${logs}`, { cause: error });
  }
  await client.query(
    'UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1',
    [id],
  );
  await client.query('UPDATE _prisma_migrations SET finished_at = now() WHERE id = $1', [id]);
}

/** Applies pending migrations; returns their names. Safe to call concurrently on one database. */
export async function deployMigrations({
  databaseUrl,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
  log = console.log,
}) {
  if (!databaseUrl) throw new Error('deployMigrations: databaseUrl is required');
  const migrations = await readMigrations(migrationsDir);
  const client = await connect(databaseUrl).catch(async (error) => {
    if (error.code !== '3D000') throw error; // invalid_catalog_name: the database does not exist
    await createDatabase(databaseUrl, log);
    return connect(databaseUrl);
  });
  try {
    // Released when the session ends (finally), even if a migration fails.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_ID]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const rows = await listRows(client);
    const failed = rows.find((row) => !row.finished_at && !row.rolled_back_at);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} (started ${failed.started_at.toISOString()}) failed; fix it, then ` +
          `run npm run db:resolve -- --rolled-back|--applied ${failed.migration_name}.\n${failed.logs ?? ''}`,
      );
    }
    const applied = new Set(rows.filter((row) => !row.rolled_back_at).map((row) => row.migration_name));
    const appliedNow = [];
    for (const migration of migrations.filter((m) => !applied.has(m.name))) {
      await applyMigration(client, migration);
      appliedNow.push(migration.name);
      log(`Applied ${migration.name}`);
    }
    if (appliedNow.length === 0) log('No pending migrations to apply.');
    return appliedNow;
  } finally {
    await client.end();
  }
}

/** Prints how the database relates to the migrations directory; returns 1 unless it is up to date. */
async function printStatus({ databaseUrl, migrationsDir = DEFAULT_MIGRATIONS_DIR }) {
  const migrations = await readMigrations(migrationsDir);
  const client = await connect(databaseUrl);
  const rows = await client
    .query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present")
    .then(({ rows: [{ present }] }) => (present ? listRows(client) : []))
    .finally(() => client.end());
  const live = rows.filter((row) => !row.rolled_back_at);
  const applied = live.filter((row) => row.finished_at);
  const onDisk = new Map(migrations.map((m) => [m.name, m.script]));
  const isEdited = (row) =>
    onDisk.has(row.migration_name) && !checksumMatches(onDisk.get(row.migration_name), row.checksum);
  const rowNames = (list) => list.map((row) => row.migration_name);
  const problems = {
    Failed: rowNames(live.filter((row) => !row.finished_at)),
    'Not yet applied': [...onDisk.keys()].filter((name) => !live.some((row) => row.migration_name === name)),
    'Edited after being applied': rowNames(applied.filter(isEdited)),
    'Applied but missing from the migrations directory': rowNames(
      applied.filter((row) => !onDisk.has(row.migration_name)),
    ),
  };
  console.log(`${migrations.length} migration(s) in ${migrationsDir}, ${applied.length} applied.`);
  const found = Object.entries(problems).filter(([, list]) => list.length > 0);
  for (const [label, list] of found) console.log(`${label}: ${list.join(', ')}`);
  if (found.length === 0) console.log('Database schema is up to date.');
  return found.length === 0 ? 0 : 1;
}

async function main(command) {
  if (command !== 'deploy' && command !== 'status') {
    console.error('Usage: node scripts/db-migrate.mjs deploy|status   (DATABASE_URL from the env or ./.env)');
    return 1;
  }
  if (existsSync('.env')) process.loadEnvFile('.env'); // variables already set win
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('DATABASE_URL is not set (environment or .env)');
    return 1;
  }
  if (command === 'status') return printStatus({ databaseUrl });
  await deployMigrations({ databaseUrl });
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv[2]).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(`Error: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
