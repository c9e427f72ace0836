#!/usr/bin/env node
// Reference points for the batch throughput, measured with BullMQ alone (no Nest, no product code):
// one BullMQ job per record, one worker process, `concurrency` jobs at a time.
//
//   node bench/reference.mjs --mode update|noop [--records 100000] [--concurrency 50] [--bulk 1000]
//
//   update: each job runs ONE `UPDATE bench_ref_items SET status='done', output='{"ok":true}' WHERE id=$1`
//           (a table of --records rows created in DATABASE_URL; pg pool of --pool connections)
//   noop:   each job does nothing
//
// Jobs are enqueued from this same process with addBulk in batches of --bulk, with the product's
// default job options (removeOnComplete: 1 h / 1000 jobs). The figure is records/s from the first add
// to the last completion. Env: REDIS_URL, REF_QUEUE_PREFIX (its own, hash-tagged), DATABASE_URL
// (update mode). The last stdout line is the result as JSON; the queue's keys are obliterated at the end.
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'update' },
    records: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '50' },
    bulk: { type: 'string', default: '1000' },
    pool: { type: 'string', default: '10' },
    'timeout-s': { type: 'string', default: '300' },
  },
});
const mode = args.mode;
if (mode !== 'update' && mode !== 'noop') throw new Error('--mode must be update or noop');
const records = Number(args.records);
const concurrency = Number(args.concurrency);
const bulk = Number(args.bulk);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.REF_QUEUE_PREFIX ?? `{rt-bench-ref-${Date.now().toString(36)}}`;
const queueName = `ref-${mode}`;
const jobOptions = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

const pool =
  mode === 'update'
    ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(args.pool) })
    : null;

async function prepareTable() {
  await pool.query(`DROP TABLE IF EXISTS bench_ref_items`);
  await pool.query(
    `CREATE TABLE bench_ref_items (id int PRIMARY KEY, status text NOT NULL DEFAULT 'pending', output jsonb)`,
  );
  await pool.query(`INSERT INTO bench_ref_items (id) SELECT g FROM generate_series(1, $1) g`, [records]);
  await pool.query(`VACUUM ANALYZE bench_ref_items`);
}

const processor =
  mode === 'update'
    ? async (job) => {
        await pool.query(`UPDATE bench_ref_items SET status = 'done', output = '{"ok":true}' WHERE id = $1`, [
          job.data.id,
        ]);
      }
    : async () => undefined;

async function main() {
  if (pool) await prepareTable();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix, defaultJobOptions: jobOptions });
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(queueName, processor, {
    connection: workerConnection,
    prefix,
    concurrency,
  });
  await worker.waitUntilReady();
  await queue.waitUntilReady();

  let completed = 0;
  let failed = 0;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  const settle = () => {
    if (completed + failed === records) finish(performance.now());
  };
  worker.on('completed', () => {
    completed++;
    settle();
  });
  worker.on('failed', () => {
    failed++;
    settle();
  });

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let from = 1; from <= records; from += bulk) {
    const jobs = [];
    for (let id = from; id < Math.min(from + bulk, records + 1); id++)
      jobs.push({ name: 'item', data: { id } });
    await queue.addBulk(jobs);
  }
  const enqueuedMs = performance.now() - started;
  const timeout = new Promise((resolve) =>
    setTimeout(() => resolve(null), Number(args['timeout-s']) * 1000).unref(),
  );
  const ended = await Promise.race([done, timeout]);
  const elapsedMs = (ended ?? performance.now()) - started;
  const cpu = process.cpuUsage(cpuBefore);

  let verified = null;
  if (pool) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM bench_ref_items WHERE status = 'done'`);
    verified = rows[0].n;
  }
  await worker.close(true);
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  if (pool) {
    await pool.query(`DROP TABLE IF EXISTS bench_ref_items`);
    await pool.end();
  }
  const result = {
    mode,
    records,
    concurrency,
    bulk,
    pgPool: pool ? Number(args.pool) : null,
    completed,
    failed,
    partial: ended === null,
    enqueueMs: Math.round(enqueuedMs),
    elapsedMs: Math.round(elapsedMs),
    recordsPerSec: Math.round(((completed + failed) / elapsedMs) * 1000),
    processCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10,
    rowsUpdated: verified,
  };
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
