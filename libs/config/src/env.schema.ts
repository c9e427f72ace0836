import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const port = z.coerce.number().int().min(0).max(65535);

/**
 * Every environment variable the apps read. Variables are grouped by prefix; `.env.example`
 * documents each one. Boot fails listing every bad variable at once.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),

  DATABASE_URL: z.string().url(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),

  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix. Hash-tagged so every queue key lands in one Redis Cluster slot. */
  QUEUE_PREFIX: z.string().min(1).default('{rt}'),

  /** PEM public key of the Clerk instance: networkless session-token verification. */
  CLERK_JWT_KEY: optionalString,
  /** Clerk secret key: verification through Clerk's JWKS endpoint when no JWT key is set. */
  CLERK_SECRET_KEY: optionalString,
  /** Comma-separated origins accepted in the token's `azp` claim; empty accepts any. */
  CLERK_AUTHORIZED_PARTIES: optionalString,

  /** Secret for encrypting revealable keys at rest (AES-256-GCM key is derived from it). */
  APP_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** Base of `dashboardUrl` in product responses. */
  DASHBOARD_BASE_URL: z.string().url().default('https://dashboard.runtype.com'),

  /** Worker: port of the small HTTP server for /metrics and /health (0 disables it). */
  WORKER_HTTP_PORT: port.default(9464),
  /** Worker: how many batch jobs one worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Worker: how long a claimed batch item stays ours without a heartbeat before the reconciler hands it back. */
  WORKER_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /** Worker: how often the reconciler repairs batches (unenqueued, expired leases, lost jobs). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(5_000),

  /** Selections up to this size get their batch items in the run-now transaction; larger ones in the worker. */
  BATCH_INLINE_MATERIALIZE_MAX: z.coerce.number().int().min(0).max(100_000).default(1_000),
  /** Batch items inserted per worker materialization step. */
  BATCH_MATERIALIZE_CHUNK: z.coerce.number().int().min(100).max(100_000).default(10_000),
  /** Drain jobs enqueued per batch, so that several workers (or job slots) share a large batch. */
  BATCH_DRAINERS: z.coerce.number().int().min(1).max(64).default(2),
});

export type Env = z.infer<typeof envSchema>;
