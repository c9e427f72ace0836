#!/usr/bin/env node
// `npm run bench`: measures the batch pipeline through the real compiled apps (see docs/benchmarks.md).
// It builds nothing itself (the npm script runs `npm run build` first) and asserts nothing: it prints
// the figures next to their targets and writes every raw sample to bench/results/<ISO time>.json.
//
// Isolation: a fresh database rt_bench_<time> migrated with scripts/db-migrate.mjs, a Redis prefix
// {rt-bench-<time>}; both are removed at the end, also on failure or Ctrl-C (BENCH_KEEP=1 keeps them).
//
// Knobs (env): BENCH_BUDGET_S (default 540: the whole run, build excluded, must fit in 10 min),
// BENCH_QUICK=1 (small sizes, a smoke run), BENCH_PHASES=latency,references,throughput,rss (a subset),
// BENCH_AUTO_EXPLAIN_MS=<ms> (auto_explain plans to the Postgres server log; skews the figures),
// BENCH_KEEP=1, BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL.
// Product knobs (BATCH_DRAINERS, WORKER_CONCURRENCY, DATABASE_POOL_MAX, BATCH_MATERIALIZE_CHUNK, …) set
// in the environment are passed to the apps unchanged and recorded in the JSON.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient } from './lib/http.mjs';
import { cpuBetween, cpuSeconds, cpuSnapshot, freePort, rssMiB, startNode, stopNode } from './lib/proc.mjs';
import { fmtInt, fmtSize, round, summary } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_MAIN = 'dist/apps/api/apps/api/src/main.js';
const API_CLI = 'dist/apps/api/apps/api/src/cli.js';
const WORKER_MAIN = 'dist/apps/worker/apps/worker/src/main.js';
const TENANT = 'bench_user';

const QUICK = process.env.BENCH_QUICK === '1';
/** BENCH_PHASES=latency,references,throughput,rss (default: all) runs a subset. */
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'latency,references,throughput,rss').split(',').map((p) => p.trim()),
);
const CONFIG = {
  budgetSeconds: Number(process.env.BENCH_BUDGET_S ?? (QUICK ? 240 : 540)),
  latencySizes: QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000],
  latencySamples: QUICK ? 5 : 15,
  latencyWarmup: 2,
  throughputSizes: QUICK ? [1_000, 10_000] : [10_000, 100_000],
  /** Tuned runs per (size, workers): the table shows the median. The defaults run once. */
  throughputRepeats: QUICK ? 1 : 3,
  workerCounts: [1, 2],
  defaultsSize: QUICK ? 10_000 : 100_000,
  rssSize: QUICK ? 100_000 : 1_000_000,
  referenceRecords: QUICK ? 10_000 : 100_000,
  referenceConcurrency: 50,
  referenceBulk: 1000,
  pollMs: 100,
  rssSampleMs: 1000,
  /** What a tuned user sets (upper end of chunkSize 500–1000, progressFlushSize 250–500, recordConcurrency 25–50). */
  tuned: { chunkSize: 1000, progressFlushSize: 500, recordConcurrency: 50 },
  /** EXECUTION_DEFAULTS of libs/core/src/batches/execution-options.ts, for the report only. */
  defaults: { chunkSize: 500, progressFlushSize: 250, recordConcurrency: 25 },
  warmupSize: 1_000,
};
const TARGETS = {
  latencyP95: { 100_000: 100, 1_000_000: 300 },
  throughput: { 100_000: 13_000 },
  referenceSeen: { update: 1_900, noop: 6_500 },
};
const PRODUCT_KNOBS = [
  'BATCH_DRAINERS',
  'BATCH_INLINE_MATERIALIZE_MAX',
  'BATCH_MATERIALIZE_CHUNK',
  'WORKER_CONCURRENCY',
  'WORKER_LEASE_MS',
  'RECONCILE_INTERVAL_MS',
  'DATABASE_POOL_MAX',
];

const started = performance.now();
const deadline = started + CONFIG.budgetSeconds * 1000;
const remainingMs = () => deadline - performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...parts) =>
  console.error(`[bench +${((performance.now() - started) / 1000).toFixed(1)}s]`, ...parts);

/** Above this (% of one core, averaged over a measurement), other processes disturbed it. */
const FOREIGN_LOAD_LIMIT = 25;
/**
 * Records a warning when processes outside the benchmark used the CPU during a measurement.
 * `unattributed` CPU (short-lived processes) counts too, except where our own queries start
 * Postgres parallel workers (the run-now COUNT at 1M).
 */
function disturbed(label, cpu, { countUnattributed = true } = {}) {
  const foreign = round(cpu.others + (countUnattributed ? cpu.unattributed : 0), 1);
  if (foreign < FOREIGN_LOAD_LIMIT) return false;
  const top = cpu.topOthers.map((o) => `${o.percent}% ${o.command}`).join('; ');
  const shortLived =
    countUnattributed && cpu.unattributed >= 5 ? `, ${cpu.unattributed}% by short-lived processes` : '';
  results.warnings.push(
    `${label}: processes outside the benchmark used ${foreign}% of one core meanwhile (${top || 'no long-running one'}${shortLived}): a pessimistic figure`,
  );
  return true;
}

const startedAt = new Date();
const isoBasic = startedAt.toISOString().replace(/[-:]/g, ''); // 20261203T172100.123Z
const tag = `${isoBasic.slice(0, 15).toLowerCase()}_${randomBytes(2).toString('hex')}`; // 20261203t172100_ab12
const adminUrl =
  process.env.BENCH_ADMIN_URL ??
  process.env.TEST_DATABASE_ADMIN_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';
const database = `rt_bench_${tag}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
})();
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const queuePrefix = `{rt-bench-${tag}}`;
const referencePrefix = `{rt-bench-${tag}-ref}`;

const results = {
  startedAt: startedAt.toISOString(),
  finishedAt: null,
  durationSeconds: null,
  config: CONFIG,
  targets: TARGETS,
  isolation: { database, queuePrefix, referencePrefix },
  machine: null,
  productEnv: {},
  baseline: null,
  latency: [],
  references: [],
  throughput: [],
  rss: null,
  skipped: [],
  warnings: [],
  errors: [],
  children: {},
};

const state = {
  api: null,
  workers: [],
  client: null,
  pool: null,
  redis: null,
  batchesQueue: null,
  cleanup: null,
};

// ---------------------------------------------------------------------------------------------
// Setup and teardown

async function adminQuery(sql) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function baseEnv() {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    APP_SECRET: state.appSecret,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    HOST: '127.0.0.1',
  };
}

async function waitHealthy(url, proc, timeoutMs = 60_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (!proc.running()) {
      throw new Error(`${proc.name} exited during startup (${await proc.exited}):\n${proc.tail.join('\n')}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > until)
      throw new Error(`${proc.name} not healthy at ${url} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function startApi() {
  const port = await freePort();
  const proc = startNode(
    'api',
    API_MAIN,
    { ...baseEnv(), PORT: String(port), WORKER_HTTP_PORT: '0' },
    { cwd: ROOT },
  );
  state.api = proc;
  await waitHealthy(`http://127.0.0.1:${port}/health/live`, proc);
  return { proc, baseUrl: `http://127.0.0.1:${port}` };
}

async function startWorkers(count) {
  const procs = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const proc = startNode(
      `worker${i + 1}`,
      WORKER_MAIN,
      { ...baseEnv(), WORKER_HTTP_PORT: String(port) },
      { cwd: ROOT },
    );
    proc.httpPort = port;
    procs.push(proc);
    state.workers.push(proc);
  }
  await Promise.all(procs.map((proc) => waitHealthy(`http://127.0.0.1:${proc.httpPort}/health`, proc)));
  return procs;
}

async function stopWorkers(procs) {
  const codes = await Promise.all(procs.map((proc) => stopNode(proc)));
  procs.forEach((proc, i) => {
    results.children[`${proc.name}#${proc.pid}`] = {
      exit: codes[i],
      ...proc.exitInfo,
      tail: proc.tail.slice(-20),
    };
  });
  state.workers = state.workers.filter((proc) => !procs.includes(proc));
  return codes;
}

async function createApiKey() {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [API_CLI, 'api-keys:create', '--user', TENANT, '--name', 'bench'],
    { cwd: ROOT, env: baseEnv(), timeout: 60_000 },
  );
  const key = stdout.trim().split('\n').filter(Boolean).at(-1);
  if (!key?.startsWith('rt_')) throw new Error(`api-keys:create printed no key: ${stdout}`);
  return key;
}

async function cleanRedisPrefix(redis, prefix) {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) removed += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return removed;
}

/**
 * Between measurements: no batch, item or run left, no batch job waiting (workers idle or stopped),
 * and a CHECKPOINT so that one run's dirty pages are not written during the next one.
 */
async function resetBatches() {
  await state.pool.query('TRUNCATE batch_items, schedule_runs, batch_executions');
  await state.batchesQueue.drain(true);
  await state.pool.query('CHECKPOINT');
}

/** Idempotent: a second caller (Ctrl-C during the main flow's own cleanup) waits for the first. */
function cleanup() {
  state.cleanup ??= cleanupOnce();
  return state.cleanup;
}

async function cleanupOnce() {
  const ref = state.referenceChild;
  if (ref && ref.exitCode === null && ref.signalCode === null) {
    const gone = new Promise((resolve) => ref.once('exit', resolve));
    ref.kill('SIGTERM');
    await Promise.race([gone, sleep(5000)]);
  }
  for (const proc of [...state.workers, state.api].filter(Boolean)) {
    const exit = await stopNode(proc).catch((error) => String(error));
    results.children[`${proc.name}#${proc.pid}`] ??= { exit, ...proc.exitInfo, tail: proc.tail.slice(-20) };
    if (proc.exitInfo?.unexpected) {
      results.errors.push(
        `${proc.name} (pid ${proc.pid}) exited on its own at ${proc.exitInfo.at}: code ${proc.exitInfo.code}, signal ${proc.exitInfo.signal}`,
      );
    }
  }
  state.client?.close();
  await state.batchesQueue?.close().catch(() => undefined);
  await state.pool?.end().catch(() => undefined);
  if (process.env.BENCH_KEEP === '1') {
    log(`BENCH_KEEP=1: kept database ${database} and Redis prefix ${queuePrefix}`);
  } else {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } catch (error) {
      results.errors.push(`drop database: ${error.message}`);
    }
    try {
      const redis = state.redis ?? new Redis(redisUrl, { maxRetriesPerRequest: null });
      state.redis = redis;
      await cleanRedisPrefix(redis, queuePrefix);
      await cleanRedisPrefix(redis, referencePrefix);
    } catch (error) {
      results.errors.push(`redis cleanup: ${error.message}`);
    }
  }
  state.redis?.disconnect();
}

// ---------------------------------------------------------------------------------------------
// Machine information

/** When the apps were compiled, and whether sources changed since (running run.mjs without the build). */
function buildInfo() {
  const newest = (dir) => {
    let latest = 0;
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        latest = Math.max(latest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
      }
    }
    return latest;
  };
  const builtAt = Math.min(...[API_MAIN, WORKER_MAIN].map((file) => statSync(path.join(ROOT, file)).mtimeMs));
  const sourcesAt = Math.max(newest('apps'), newest('libs'));
  const info = {
    builtAt: new Date(builtAt).toISOString(),
    newestSourceAt: new Date(sourcesAt).toISOString(),
    stale: sourcesAt > builtAt,
  };
  if (info.stale) {
    results.warnings.push(
      `dist/ is older than apps/ or libs/ (built ${info.builtAt}, sources changed ${info.newestSourceAt}): run \`npm run bench\`, which builds first`,
    );
  }
  return info;
}

async function machineInfo() {
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return null;
    }
  };
  const pgInfo = await state.pool.query(
    `SELECT version() AS version, current_setting('shared_buffers') AS shared_buffers,
       current_setting('synchronous_commit') AS synchronous_commit, current_setting('max_connections') AS max_connections,
       current_setting('work_mem') AS work_mem, current_setting('max_parallel_workers_per_gather') AS max_parallel_workers_per_gather`,
  );
  const redisInfo = await state.redis.info('server');
  const cpus = os.cpus();
  const dirty = git(['status', '--porcelain']);
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuCount: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
    postgres: pgInfo.rows[0],
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? null,
    bullmq: JSON.parse(
      execFileSync(process.execPath, ['-p', 'JSON.stringify(require("bullmq/package.json").version)'], {
        cwd: ROOT,
      }).toString(),
    ),
    build: buildInfo(),
    git: {
      commit: git(['rev-parse', 'HEAD']),
      branch: git(['rev-parse', '--abbrev-ref', 'HEAD']),
      uncommittedFiles: dirty === null ? null : dirty.split('\n').filter(Boolean).length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Fixtures through the API

async function seedRecords(sizes) {
  const seeded = [];
  for (const size of sizes) {
    const t = performance.now();
    await state.pool.query(
      `INSERT INTO records (tenant_id, user_id, type, name, metadata, updated_at)
       SELECT $1, $1, $2, 'r' || g, jsonb_build_object('i', g), now() FROM generate_series(1, $3::int) g`,
      [TENANT, `bench_${size}`, size],
    );
    seeded.push({ size, ms: Math.round(performance.now() - t) });
    log(`seeded ${fmtSize(size)} records in ${Math.round(performance.now() - t)} ms`);
  }
  const t = performance.now();
  await state.pool.query('VACUUM ANALYZE records');
  return { seeded, vacuumAnalyzeMs: Math.round(performance.now() - t) };
}

const schedules = new Map();
async function scheduleFor(ctx, size, options) {
  const key = `${size}:${JSON.stringify(options)}`;
  if (schedules.has(key)) return schedules.get(key);
  const body = {
    name: `bench ${fmtSize(size)}`,
    flowId: ctx.flowId,
    recordType: `bench_${size}`,
    triggerType: 'manual',
  };
  if (options) body.executionOptions = options;
  const res = await state.client.expect([201], 'POST', `${ctx.surfacePath}/schedules`, body);
  const runNowPath = `${ctx.surfacePath}/schedules/${res.body.id}/run-now`;
  schedules.set(key, runNowPath);
  return runNowPath;
}

async function runNow(runNowPath, size) {
  const res = await state.client.expect([200], 'POST', runNowPath);
  if (res.body.recordCount !== size) {
    throw new Error(`run-now answered recordCount ${res.body.recordCount}, expected ${size}`);
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// 1. run-now latency (no worker: batches stay queued)

async function measureBaseline() {
  const samples = [];
  for (let i = 0; i < CONFIG.latencyWarmup + CONFIG.latencySamples; i++) {
    const res = await state.client.expect([200], 'GET', '/v1/auth/me');
    if (i >= CONFIG.latencyWarmup) samples.push(round(res.ms, 2));
  }
  return { route: 'GET /v1/auth/me', samples, ...summary(samples) };
}

async function measureLatency(ctx, size) {
  const runNowPath = await scheduleFor(ctx, size, CONFIG.tuned);
  const samples = [];
  const warmup = [];
  const cpu0 = cpuSnapshot({ api: [state.api.pid] }, { database });
  for (let i = 0; i < CONFIG.latencyWarmup + CONFIG.latencySamples; i++) {
    const res = await runNow(runNowPath, size);
    (i < CONFIG.latencyWarmup ? warmup : samples).push(round(res.ms, 2));
  }
  const cpu = cpuBetween(cpu0, cpuSnapshot({ api: [state.api.pid] }, { database }));
  // Where the time goes: the COUNT of the frozen selection that run-now does in its transaction.
  const explain = await state.pool.query(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int AS count FROM records r
     WHERE r.tenant_id = '${TENANT}' AND r.created_at <= now() AND r.type = 'bench_${size}'`,
  );
  const plan = explain.rows.map((row) => row['QUERY PLAN']);
  const countMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1] ?? NaN);
  const batches = await state.pool.query(
    `SELECT count(*)::int AS batches, count(enqueued_at)::int AS enqueued,
            (SELECT count(*)::int FROM batch_items) AS items FROM batch_executions`,
  );
  await resetBatches();
  const entry = {
    size,
    samples,
    warmup,
    cpuPercentOfOneCore: cpu,
    disturbed: disturbed(`run-now ${fmtSize(size)}`, cpu, { countUnattributed: false }),
    ...summary(samples),
    countQueryMs: countMs,
    countPlan: plan,
    created: batches.rows[0],
  };
  log(`run-now ${fmtSize(size)}: p50 ${entry.p50} ms, p95 ${entry.p95} ms (COUNT ${countMs} ms)`);
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Postgres profiling hints: what the bench database is busy with while a batch runs

/**
 * Samples pg_stat_activity of the bench database every `intervalMs` (one extra connection) and
 * aggregates by statement: `activeSessions` is the average number of backends running it.
 */
function startPgSampler(intervalMs = 250) {
  const client = new pg.Client({ connectionString: databaseUrl });
  const counts = new Map();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query, backend_type,
           coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait
         FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      samples++;
      for (const row of rows) {
        const key = `${row.backend_type === 'client backend' ? '' : `[${row.backend_type}] `}${row.query}\u0000${row.wait}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(intervalMs);
    }
  })().catch((error) => {
    // A sampler that dies (the database is being dropped) must not take the run with it.
    if (!stopped) results.warnings.push(`pg_stat_activity sampler stopped: ${error.message}`);
  });
  return async () => {
    stopped = true;
    await loop;
    await client.end().catch(() => undefined);
    const top = [...counts.entries()]
      .map(([key, n]) => {
        const [query, wait] = key.split('\u0000');
        return { query, wait, activeSessions: round(n / Math.max(samples, 1), 2) };
      })
      .sort((a, b) => b.activeSessions - a.activeSessions)
      .slice(0, 10);
    return { samples, intervalMs, top };
  };
}

async function pgCounters() {
  const { rows } = await state.pool.query(
    `SELECT (SELECT wal_bytes::bigint FROM pg_stat_wal) AS wal_bytes,
       (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) AS checkpoints,
       (SELECT row_to_json(t) FROM (SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd, n_dead_tup, n_live_tup,
          autovacuum_count, autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'batch_items') t) AS batch_items`,
  );
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
// 2./3. End to end: run-now → status `completed`

async function endToEnd(ctx, { size, options, workers, label, capMs, sampleRss = false }) {
  const runNowPath = await scheduleFor(ctx, size, options);
  const roles = { workers: workers.map((proc) => proc.pid), api: [state.api.pid] };
  const rss = [];
  const polls = [];
  let processed = 0;
  const sampleWorkers = (t0) => {
    for (const proc of workers) {
      rss.push({
        t: Math.round(performance.now() - t0),
        pid: proc.pid,
        rssMiB: round(rssMiB(proc.pid), 1),
        cpuSeconds: cpuSeconds(proc.pid),
        processed,
      });
    }
  };

  const stopPgSampler = startPgSampler();
  const counters0 = await pgCounters();
  const cpu0 = cpuSnapshot(roles, { database });
  const t0 = performance.now();
  if (sampleRss) sampleWorkers(t0);
  const rssTimer = sampleRss ? setInterval(() => sampleWorkers(t0), CONFIG.rssSampleMs) : null;
  let status;
  let partial = false;
  let runNowMs;
  let batchId;
  try {
    const res = await runNow(runNowPath, size);
    runNowMs = round(res.ms, 2);
    batchId = res.body.batchExecutionId;
    for (let k = 1; ; k++) {
      const wait = t0 + k * CONFIG.pollMs - performance.now();
      if (wait > 0) await sleep(wait);
      const st = await state.client.expect([200], 'GET', `/v1/batch/status/${batchId}`);
      status = st.body;
      processed = status.processedRecords;
      polls.push([Math.round(performance.now() - t0), status.processedRecords, status.status]);
      if (['completed', 'failed', 'cancelled'].includes(status.status)) break;
      if (performance.now() - t0 > capMs) {
        partial = true;
        await state.client.request('POST', `/v1/batch/cancel/${batchId}`);
        break;
      }
      const dead = workers.find((proc) => !proc.running());
      if (dead) throw new Error(`${dead.name} exited (${await dead.exited}):\n${dead.tail.join('\n')}`);
    }
  } finally {
    if (rssTimer) clearInterval(rssTimer);
  }
  const elapsedMs = performance.now() - t0;
  if (sampleRss) sampleWorkers(t0);
  const cpu = cpuBetween(cpu0, cpuSnapshot(roles, { database }));
  const pgActivity = await stopPgSampler();
  const counters1 = await pgCounters();

  const server = await state.pool.query(
    `SELECT status, total_records, processed_records, success_count, failed_records,
       round(extract(epoch FROM enqueued_at - created_at) * 1000)::int AS enqueue_ms,
       round(extract(epoch FROM started_at - created_at) * 1000)::int AS start_ms,
       round(extract(epoch FROM materialized_at - created_at) * 1000)::int AS materialized_ms,
       round(extract(epoch FROM completed_at - created_at) * 1000)::int AS completed_ms
     FROM batch_executions WHERE id = $1`,
    [batchId],
  );
  const perWorker = await state.pool.query(
    `SELECT split_part(worker_id, ':', 2) AS pid, count(*)::int AS items
     FROM batch_items WHERE batch_execution_id = $1 GROUP BY 1 ORDER BY 1`,
    [batchId],
  );
  const row = server.rows[0];
  const done = partial ? processed : row.processed_records;
  const entry = {
    label,
    size,
    workers: workers.length,
    options: options ?? { ...CONFIG.defaults, note: 'product defaults (no executionOptions)' },
    batchId,
    status: row.status,
    partial,
    runNowMs,
    elapsedMs: Math.round(elapsedMs),
    processed: done,
    recordsPerSec: Math.round((done / elapsedMs) * 1000),
    server: {
      ...row,
      recordsPerSec: row.completed_ms ? Math.round((row.processed_records / row.completed_ms) * 1000) : null,
    },
    itemsPerWorkerPid: perWorker.rows,
    cpuPercentOfOneCore: cpu,
    disturbed: label.startsWith('warm-up') ? undefined : disturbed(label, cpu),
    postgres: {
      walMiB: round((Number(counters1.wal_bytes) - Number(counters0.wal_bytes)) / 2 ** 20, 1),
      checkpoints: Number(counters1.checkpoints) - Number(counters0.checkpoints),
      batchItemsTableAtEnd: counters1.batch_items,
      activity: pgActivity,
    },
    polls,
    ...(sampleRss ? { rssSamples: rss } : {}),
  };
  log(
    `${label}: ${fmtInt(entry.recordsPerSec)} records/s (${(elapsedMs / 1000).toFixed(1)} s, ${row.status}${partial ? ', CAPPED' : ''}); ` +
      `cpu% worker ${cpu.workers} api ${cpu.api} postgres ${cpu.postgres} redis ${cpu.redis}`,
  );
  await resetBatches();
  return entry;
}

function rssSummary(entry) {
  const samples = entry.rssSamples.filter((s) => s.rssMiB !== null);
  const values = samples.map((s) => s.rssMiB);
  // Least-squares slope of RSS over processed records, second half of the run (after warm-up).
  const half = samples.filter((s) => s.processed >= entry.processed / 2);
  let slopePer100k = null;
  if (half.length >= 3) {
    const mx = half.reduce((a, s) => a + s.processed, 0) / half.length;
    const my = half.reduce((a, s) => a + s.rssMiB, 0) / half.length;
    const sxy = half.reduce((a, s) => a + (s.processed - mx) * (s.rssMiB - my), 0);
    const sxx = half.reduce((a, s) => a + (s.processed - mx) ** 2, 0);
    slopePer100k = sxx > 0 ? round((sxy / sxx) * 100_000, 2) : null;
  }
  // Highest RSS within each quarter of the records: flat means these do not climb with the records.
  const quarterMax = [1, 2, 3, 4].map((q) => {
    const inQuarter = samples.filter(
      (s) => s.processed > ((q - 1) * entry.processed) / 4 && s.processed <= (q * entry.processed) / 4,
    );
    return inQuarter.length ? round(Math.max(...inQuarter.map((s) => s.rssMiB)), 1) : null;
  });
  const cpuFirst = samples[0];
  const cpuLast = samples.at(-1);
  return {
    startMiB: values[0],
    minMiB: round(Math.min(...values), 1),
    maxMiB: round(Math.max(...values), 1),
    endMiB: values.at(-1),
    slopeMiBPer100kRecordsSecondHalf: slopePer100k,
    maxMiBPerQuarterOfRecords: quarterMax,
    workerCpuPercent:
      cpuFirst && cpuLast && cpuLast.t > cpuFirst.t
        ? round((100 * (cpuLast.cpuSeconds - cpuFirst.cpuSeconds)) / ((cpuLast.t - cpuFirst.t) / 1000), 1)
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// 4. References: BullMQ alone

async function reference(mode) {
  const timeoutS = Math.max(30, Math.min(240, Math.floor((remainingMs() - 150_000) / 1000)));
  const args = [
    path.join(ROOT, 'bench/reference.mjs'),
    '--mode',
    mode,
    '--records',
    String(CONFIG.referenceRecords),
    '--concurrency',
    String(CONFIG.referenceConcurrency),
    '--bulk',
    String(CONFIG.referenceBulk),
    '--timeout-s',
    String(timeoutS),
  ];
  const child = execFile(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REF_QUEUE_PREFIX: referencePrefix,
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  state.referenceChild = child;
  const cpu0 = cpuSnapshot({ reference: [child.pid] }, { database });
  let last = cpu0;
  const ticker = setInterval(() => (last = cpuSnapshot({ reference: [child.pid] }, { database })), 500);
  const { stdout, stderr, code } = await new Promise((resolve) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (exitCode) => resolve({ stdout: out, stderr: err, code: exitCode }));
  });
  clearInterval(ticker);
  if (code !== 0) throw new Error(`reference ${mode} exited ${code}: ${stderr.slice(-2000)}`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  // The last snapshot taken while the script ran (it includes its setup and teardown).
  result.cpuPercentOfOneCore = cpuBetween(cpu0, last);
  result.disturbed = disturbed(`reference ${mode}`, result.cpuPercentOfOneCore);
  log(
    `reference (${mode}): ${fmtInt(result.recordsPerSec)} records/s (${(result.elapsedMs / 1000).toFixed(1)} s)`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const LOAD_MARK = ' ⚠';

function buildTable() {
  const rows = [];
  const opt = (o) => `chunk ${o.chunkSize}/flush ${o.progressFlushSize}/conc ${o.recordConcurrency}`;
  if (results.baseline) {
    rows.push([
      '—',
      'authenticated GET /v1/auth/me p50 / p95 (floor)',
      `${results.baseline.p50} / ${results.baseline.p95} ms`,
      '—',
    ]);
  }
  for (const l of results.latency) {
    const target = TARGETS.latencyP95[l.size];
    rows.push([
      fmtSize(l.size),
      `run-now latency p50 / p95 (n=${l.n})`,
      `${l.p50} / ${l.p95} ms${l.disturbed ? LOAD_MARK : ''}`,
      target ? `p95 ≤ ${target} ms` : '—',
    ]);
  }
  for (const g of results.throughput) {
    const target = TARGETS.throughput[g.size];
    const m = g.median;
    const o = g.options.note ? `defaults (${opt(g.options)})` : `tuned (${opt(g.options)})`;
    const spread =
      g.repeats > 1
        ? `median of ${g.repeats}, ${fmtInt(g.minRecordsPerSec)}–${fmtInt(g.maxRecordsPerSec)}; `
        : '';
    const loaded = g.runs.filter((run) => run.disturbed).length;
    const flags =
      `${m.partial ? ', CAPPED' : ''}${m.status !== 'completed' && !m.partial ? `, ${m.status}` : ''}` +
      (loaded ? `)${LOAD_MARK}${g.repeats > 1 ? ` ${loaded}/${g.repeats}` : ''}` : ')');
    rows.push([
      fmtSize(g.size),
      `e2e records/s, ${g.workers} worker${g.workers > 1 ? 's' : ''}, ${o}`,
      `${fmtInt(g.recordsPerSec)}/s (${spread}${(m.elapsedMs / 1000).toFixed(1)} s${flags}`,
      target ? `≥ ${fmtInt(target)}/s` : '—',
    ]);
  }
  if (results.rss) {
    const r = results.rss;
    rows.push([
      fmtSize(r.run.size),
      `e2e records/s, 1 worker, tuned (RSS run)`,
      `${fmtInt(r.run.recordsPerSec)}/s (${(r.run.elapsedMs / 1000).toFixed(1)} s${r.run.partial ? `, CAPPED at ${fmtInt(r.run.processed)}` : ''})${r.run.disturbed ? LOAD_MARK : ''}`,
      '—',
    ]);
    rows.push([
      fmtSize(r.run.size),
      'worker RSS start / min / max / end',
      `${r.summary.startMiB} / ${r.summary.minMiB} / ${r.summary.maxMiB} / ${r.summary.endMiB} MiB`,
      'flat (no growth ∝ records)',
    ]);
    rows.push([
      fmtSize(r.run.size),
      'worker RSS max per quarter of the records',
      `${r.summary.maxMiBPerQuarterOfRecords.map((v) => v ?? '—').join(' / ')} MiB`,
      'no climb',
    ]);
    rows.push([
      fmtSize(r.run.size),
      'worker RSS slope, 2nd half of the run',
      r.summary.slopeMiBPer100kRecordsSecondHalf === null
        ? '—'
        : `${r.summary.slopeMiBPer100kRecordsSecondHalf} MiB per 100k records`,
      '≈ 0',
    ]);
  }
  for (const ref of results.references) {
    const what = ref.mode === 'update' ? '(a) BullMQ job/record + 1 UPDATE' : '(b) BullMQ job/record, no-op';
    rows.push([
      fmtSize(ref.records),
      `reference ${what}, c=${ref.concurrency}`,
      `${fmtInt(ref.recordsPerSec)}/s (${(ref.elapsedMs / 1000).toFixed(1)} s${ref.partial ? ', CAPPED' : ''})${ref.disturbed ? LOAD_MARK : ''}`,
      `seen earlier ≈ ${fmtInt(TARGETS.referenceSeen[ref.mode])}/s`,
    ]);
  }
  const refA = results.references.find((ref) => ref.mode === 'update');
  if (refA) {
    for (const workers of CONFIG.workerCounts) {
      const ours = results.throughput.find(
        (g) =>
          g.size === CONFIG.referenceRecords && g.workers === workers && !g.options.note && !g.median.partial,
      );
      if (ours) {
        rows.push([
          fmtSize(CONFIG.referenceRecords),
          `ratio ours (tuned, ${workers} worker${workers > 1 ? 's' : ''}) / reference (a)`,
          `${round(ours.recordsPerSec / refA.recordsPerSec, 1)}×`,
          '—',
        ]);
      }
    }
  }
  return rows;
}

function renderTable(rows) {
  const header = ['size', 'metric', 'value', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function renderNotes() {
  const notes = [];
  notes.push(
    `tuned executionOptions: ${JSON.stringify(CONFIG.tuned)}; defaults: ${JSON.stringify(CONFIG.defaults)}`,
  );
  notes.push(
    `product env: ${
      Object.entries(results.productEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || 'all defaults'
    }`,
  );
  for (const l of results.latency) {
    notes.push(
      `run-now ${fmtSize(l.size)}: COUNT of the selection ${l.countQueryMs} ms (EXPLAIN ANALYZE: ${l.countPlan.find((p) => /Scan/.test(p))?.trim() ?? '?'})`,
    );
  }
  for (const t of [...results.throughput.map((g) => g.median), ...(results.rss ? [results.rss.run] : [])]) {
    const c = t.cpuPercentOfOneCore;
    notes.push(
      `${t.label}: server created→started ${t.server.start_ms} ms, →materialized ${t.server.materialized_ms} ms, →completed ${t.server.completed_ms} ms; ` +
        `CPU (% of one core) worker ${c.workers}, api ${c.api}, postgres ${c.postgres}, redis ${c.redis}, other processes ${c.others} (+ ${c.unattributed} short-lived), machine ${c.machine}% of all cores; ` +
        `items per worker pid ${t.itemsPerWorkerPid.map((w) => `${w.pid}:${w.items}`).join(' ')}`,
    );
  }
  for (const t of [
    ...results.throughput.map((g) => g.median),
    ...(results.rss ? [results.rss.run] : []),
  ].filter((t) => t.size >= 100_000)) {
    const pgx = t.postgres;
    notes.push(
      `${t.label}: Postgres wrote ${pgx.walMiB} MiB WAL, ${pgx.checkpoints} checkpoint(s); batch_items at end ${JSON.stringify(pgx.batchItemsTableAtEnd)}`,
    );
    for (const a of pgx.activity.top.slice(0, 4)) {
      notes.push(`  ${t.label}: ${a.activeSessions} active sessions on average in [${a.wait}] ${a.query}`);
    }
  }
  for (const ref of results.references) {
    const c = ref.cpuPercentOfOneCore;
    notes.push(
      `reference ${ref.mode}: enqueue ${ref.enqueueMs} ms of ${ref.elapsedMs} ms; CPU reference ${c.reference}, postgres ${c.postgres}, redis ${c.redis}`,
    );
  }
  if (results.rss?.summary.workerCpuPercent !== undefined) {
    notes.push(`RSS run: worker CPU ${results.rss.summary.workerCpuPercent}% of one core over the run`);
  }
  for (const s of results.skipped) notes.push(`skipped: ${s}`);
  if (results.warnings.some((w) => w.includes('outside the benchmark'))) {
    notes.push(
      `${LOAD_MARK.trim()} = processes outside the benchmark used ≥ ${FOREIGN_LOAD_LIMIT}% of one core during that measurement (the warnings below name them); rerun on a quiet machine`,
    );
  }
  for (const w of results.warnings) notes.push(`WARNING: ${w}`);
  for (const e of results.errors) notes.push(`ERROR: ${e}`);
  return notes.map((n) => `- ${n}`).join('\n');
}

// ---------------------------------------------------------------------------------------------

/** Repeats one end-to-end configuration; the median run (by records/s) represents it. */
async function throughputGroup(ctx, { size, options, workers, label, repeats, cap }) {
  const runs = [];
  for (let i = 0; i < repeats; i++) {
    if (i > 0 && remainingMs() < 150_000) {
      results.skipped.push(`${label}: repeats after #${i} (${Math.round(remainingMs() / 1000)} s left)`);
      break;
    }
    const runLabel = repeats > 1 ? `${label} #${i + 1}` : label;
    runs.push(await endToEnd(ctx, { size, options, workers, label: runLabel, capMs: cap() }));
  }
  const sorted = [...runs].sort((a, b) => a.recordsPerSec - b.recordsPerSec);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    label,
    size,
    workers: workers.length,
    options: median.options,
    repeats: runs.length,
    recordsPerSec: median.recordsPerSec,
    minRecordsPerSec: sorted[0].recordsPerSec,
    maxRecordsPerSec: sorted.at(-1).recordsPerSec,
    median,
    runs,
  };
}

async function main() {
  state.appSecret = randomBytes(32).toString('hex');
  for (const knob of PRODUCT_KNOBS)
    if (process.env[knob] !== undefined) results.productEnv[knob] = process.env[knob];

  log(
    `database ${database}, queue prefix ${queuePrefix}, budget ${CONFIG.budgetSeconds} s${QUICK ? ' (quick)' : ''}`,
  );
  await adminQuery(`CREATE DATABASE "${database}"`);
  state.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  execFileSync(process.execPath, ['scripts/db-migrate.mjs', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'pipe',
  });
  if (process.env.BENCH_AUTO_EXPLAIN_MS) {
    // Profiling aid: plans of slow statements of every later session go to the Postgres server log.
    const ms = Number(process.env.BENCH_AUTO_EXPLAIN_MS);
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error('BENCH_AUTO_EXPLAIN_MS must be a number of milliseconds');
    for (const setting of [
      `session_preload_libraries = 'auto_explain'`,
      `auto_explain.log_min_duration = '${ms}ms'`,
      `auto_explain.log_analyze = on`,
      `auto_explain.log_buffers = on`,
      `auto_explain.log_timing = off`,
    ]) {
      await adminQuery(`ALTER DATABASE "${database}" SET ${setting}`);
    }
    results.warnings.push(
      `not a clean measurement: auto_explain on for statements over ${ms} ms (see the Postgres server log)`,
    );
  }
  state.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  state.batchesQueue = new Queue('batches', { connection: state.redis, prefix: queuePrefix });
  results.machine = await machineInfo();

  const { baseUrl } = await startApi();
  const key = await createApiKey();
  state.client = createClient(baseUrl, { value: key });
  const flow = await state.client.expect([201], 'POST', '/v1/flows', {
    name: 'noop',
    steps: [{ name: 'noop', type: 'transform', config: { template: { ok: true } } }],
  });
  const product = await state.client.expect([201], 'POST', '/v1/products', { name: 'bench' });
  const surface = await state.client.expect([201], 'POST', `/v1/products/${product.body.id}/surfaces`, {
    name: 'bench',
    type: 'schedule',
  });
  const ctx = {
    flowId: flow.body.id,
    surfacePath: `/v1/products/${product.body.id}/surfaces/${surface.body.id}`,
  };
  // The schedules route must exist before anything is seeded.
  await scheduleFor(ctx, CONFIG.warmupSize, CONFIG.tuned).catch((error) => {
    if (error.status === 404) throw new Error(`the schedules route is not served (${error.message})`);
    throw error;
  });

  const sizes = [
    ...new Set([
      CONFIG.warmupSize,
      ...CONFIG.latencySizes,
      ...CONFIG.throughputSizes,
      CONFIG.defaultsSize,
      CONFIG.rssSize,
    ]),
  ].sort((a, b) => a - b);
  results.seed = await seedRecords(sizes);

  // 1. run-now latency, no worker running.
  if (PHASES.has('latency')) {
    results.baseline = await measureBaseline();
    for (const size of CONFIG.latencySizes) results.latency.push(await measureLatency(ctx, size));
  }

  // 4. References (nothing of ours is working meanwhile: the API is idle, no worker runs).
  for (const mode of PHASES.has('references') ? ['update', 'noop'] : []) {
    if (remainingMs() < 200_000) {
      results.skipped.push(`reference ${mode}: ${Math.round(remainingMs() / 1000)} s left`);
      continue;
    }
    results.references.push(await reference(mode));
  }

  // 2. Throughput with 1 and 2 workers.
  for (const count of PHASES.has('throughput') ? CONFIG.workerCounts : []) {
    if (remainingMs() < 120_000) {
      results.skipped.push(`throughput with ${count} worker(s): ${Math.round(remainingMs() / 1000)} s left`);
      continue;
    }
    const workers = await startWorkers(count);
    const cap = () => Math.max(10_000, Math.min(180_000, remainingMs() - 90_000));
    // Warm-up (JIT, connection pools), not reported in the table.
    const warm = await endToEnd(ctx, {
      size: CONFIG.warmupSize,
      options: CONFIG.tuned,
      workers,
      label: `warm-up ${count}w`,
      capMs: cap(),
    });
    (results.warmups ??= []).push({ ...warm, polls: undefined });
    for (const size of CONFIG.throughputSizes) {
      results.throughput.push(
        await throughputGroup(ctx, {
          size,
          options: CONFIG.tuned,
          workers,
          label: `${fmtSize(size)} tuned ${count}w`,
          repeats: CONFIG.throughputRepeats,
          cap,
        }),
      );
    }
    if (count === 1) {
      results.throughput.push(
        await throughputGroup(ctx, {
          size: CONFIG.defaultsSize,
          options: null,
          workers,
          label: `${fmtSize(CONFIG.defaultsSize)} defaults 1w`,
          repeats: 1,
          cap,
        }),
      );
    }
    await stopWorkers(workers);
  }

  // 3. Worker RSS at 1M: a fresh worker, sampled every second. Capped by what is left of the budget.
  const capMs = remainingMs() - 25_000;
  if (!PHASES.has('rss')) {
    results.skipped.push('RSS run: not in BENCH_PHASES');
  } else if (capMs < 20_000) {
    results.skipped.push(`RSS run: ${Math.round(remainingMs() / 1000)} s left`);
  } else {
    const workers = await startWorkers(1);
    await sleep(1000); // RSS after boot settles
    const run = await endToEnd(ctx, {
      size: CONFIG.rssSize,
      options: CONFIG.tuned,
      workers,
      label: `${fmtSize(CONFIG.rssSize)} tuned 1w (RSS)`,
      capMs,
      sampleRss: true,
    });
    results.rss = { run, summary: rssSummary(run) };
    await stopWorkers(workers);
  }
}

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  results.finishedAt = new Date().toISOString();
  if (results.machine) results.machine.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));
  results.durationSeconds = round((performance.now() - started) / 1000, 1);
  results.table = buildTable();
  const table = renderTable(results.table);
  const notes = renderNotes();
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${isoBasic}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  console.log(
    `\nBatch pipeline benchmark — ${results.startedAt}, ${results.durationSeconds} s` +
      (m
        ? `\nnode ${m.node}, ${m.cpuCount} CPUs (${m.cpuModel}), ${m.totalMemoryGiB} GiB, ${m.postgres.version.split(' on ')[0]}, Redis ${m.redis}, bullmq ${m.bullmq}, commit ${m.git.commit?.slice(0, 12)}${m.git.uncommittedFiles ? ` (+${m.git.uncommittedFiles} uncommitted files)` : ''}`
        : '') +
      `\n\n${table}\n\n${notes}\n\nraw samples: ${path.relative(ROOT, file)}`,
  );
}

let exitCode = 0;
process.once('SIGINT', () => {
  results.errors.push('interrupted (SIGINT)');
  cleanup().finally(() => {
    finish();
    process.exit(130);
  });
});
try {
  await main();
} catch (error) {
  exitCode = 1;
  results.errors.push(error.stack ?? String(error));
  log(`FAILED: ${error.message}`);
} finally {
  await cleanup();
  finish();
}
process.exit(exitCode);
