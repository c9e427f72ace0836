import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { PrismaService } from '@app/database';
import { BatchQueue } from './batch-queue';

export interface ReconcileReport {
  /** Items whose worker vanished (lease expired) handed back to `pending`. */
  releasedItems: number;
  /** Batches committed but never enqueued (crash between commit and enqueue). */
  enqueued: number;
  /** Batches with work left but no progress for a while (their jobs were lost): a new drainer each. */
  revived: number;
  /** Pending items of cancelled batches marked cancelled. */
  sweptItems: number;
}

/**
 * Repairs what crashes leave behind, deciding from Postgres state only (Redis may have lost
 * everything). Safe to run on several workers at once: every step is a conditional update or an
 * idempotent enqueue.
 */
@Injectable()
export class BatchReconciler {
  private readonly logger = new Logger(BatchReconciler.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: BatchQueue,
    private readonly config: ConfigService,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    const pool = this.prisma.pool;
    const released = await pool.query<{ batch_execution_id: string }>(
      `UPDATE batch_items SET status = 'pending', worker_id = NULL, lease_expires_at = NULL
       WHERE status = 'running' AND lease_expires_at < now()
       RETURNING batch_execution_id`,
    );
    const releasedBatches = [...new Set(released.rows.map((row) => row.batch_execution_id))];
    for (const batchId of releasedBatches) await this.queue.addDrainer(batchId, 'lease');

    const unenqueued = await pool.query<{
      id: string;
      total_records: number;
      options: { chunkSize?: number };
    }>(
      `SELECT id, total_records, options FROM batch_executions
       WHERE status = 'queued' AND enqueued_at IS NULL AND created_at < now() - interval '3 seconds'
       ORDER BY created_at LIMIT 500`,
    );
    for (const batch of unenqueued.rows) {
      await this.queue.enqueue(batch.id, batch.total_records, batch.options.chunkSize ?? 500);
    }

    // No progress for a while (3 leases, at least 30 s) with work left: the jobs are gone.
    const staleMs = Math.max(30_000, 3 * this.config.worker.leaseMs);
    const stale = await pool.query<{ id: string }>(
      `UPDATE batch_executions e SET updated_at = now()
       WHERE e.status IN ('queued', 'running') AND e.enqueued_at IS NOT NULL
         AND e.updated_at < now() - make_interval(secs => $1::float8 / 1000)
         AND NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.batch_execution_id = e.id AND i.status = 'running')
       RETURNING e.id`,
      [staleMs],
    );
    for (const batch of stale.rows) await this.queue.addDrainer(batch.id, 'revive');

    const swept = await pool.query(
      `UPDATE batch_items i SET status = 'cancelled' FROM batch_executions e
       WHERE i.batch_execution_id = e.id AND e.status IN ('cancelled', 'failed') AND i.status = 'pending'`,
    );

    const report = {
      releasedItems: released.rowCount ?? 0,
      enqueued: unenqueued.rowCount ?? 0,
      revived: stale.rowCount ?? 0,
      sweptItems: swept.rowCount ?? 0,
    };
    if (report.releasedItems + report.enqueued + report.revived + report.sweptItems > 0) {
      this.logger.log(report, 'reconciled batches');
    }
    return report;
  }
}
