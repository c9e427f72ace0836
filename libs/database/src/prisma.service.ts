import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { ConfigService } from '@app/config';
import { Prisma, PrismaClient } from './generated/prisma/client';

export type Tx = Prisma.TransactionClient;

/**
 * The Rust-free Prisma client over one `pg` pool. The pool is exposed for the few hot paths
 * (batch claiming and result writes) that are plain set-based SQL.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);
  readonly pool: Pool;

  constructor(config: ConfigService) {
    const pool = new Pool({
      connectionString: config.database.url,
      max: config.database.poolMax,
      application_name: 'runtype',
    });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', (err) => this.logger.warn(`idle Postgres client error: ${err.message}`));
  }

  /** Last of the shutdown hooks, so that draining work (beforeApplicationShutdown) can still write. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}
