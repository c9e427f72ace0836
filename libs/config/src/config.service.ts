import { envSchema, type Env } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once and exposes it as typed groups. The only reader of process.env. */
export class ConfigService {
  readonly env: Env;

  constructor(source: NodeJS.ProcessEnv = process.env) {
    const parsed = envSchema.safeParse(source);
    if (!parsed.success) {
      throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    }
    this.env = parsed.data;
  }

  get http() {
    return { port: this.env.PORT, host: this.env.HOST };
  }

  get log() {
    return { level: this.env.LOG_LEVEL, pretty: this.env.LOG_PRETTY };
  }

  get database() {
    return { url: this.env.DATABASE_URL, poolMax: this.env.DATABASE_POOL_MAX };
  }

  get redis() {
    return { url: this.env.REDIS_URL };
  }

  get queue() {
    return { prefix: this.env.QUEUE_PREFIX };
  }

  get clerk() {
    return {
      jwtKey: this.env.CLERK_JWT_KEY,
      secretKey: this.env.CLERK_SECRET_KEY,
      authorizedParties: this.env.CLERK_AUTHORIZED_PARTIES?.split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    };
  }

  get app() {
    return {
      secret: this.env.APP_SECRET,
      dashboardBaseUrl: this.env.DASHBOARD_BASE_URL.replace(/\/+$/, ''),
      isProduction: this.env.NODE_ENV === 'production',
    };
  }

  get worker() {
    return {
      httpPort: this.env.WORKER_HTTP_PORT,
      concurrency: this.env.WORKER_CONCURRENCY,
      leaseMs: this.env.WORKER_LEASE_MS,
      reconcileIntervalMs: this.env.RECONCILE_INTERVAL_MS,
    };
  }

  get batches() {
    return {
      inlineMaterializeMax: this.env.BATCH_INLINE_MATERIALIZE_MAX,
      materializeChunk: this.env.BATCH_MATERIALIZE_CHUNK,
      drainers: this.env.BATCH_DRAINERS,
    };
  }
}

export type { Env };
