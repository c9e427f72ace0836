import { Injectable } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { PrismaService } from '@app/database';
import { JobName, JobProducer } from '@app/queue';

/** BullMQ forbids ':' in custom job ids. The id is deterministic: enqueuing twice is a no-op. */
export function drainerJobId(batchId: string, suffix?: string): string {
  return suffix ? `batch-${batchId}-${suffix}` : `batch-${batchId}`;
}

/**
 * Puts a committed batch on the queue. The batch row is the outbox: `enqueuedAt` is set only
 * after the jobs are in Redis, and the reconciler re-enqueues batches left without it.
 */
@Injectable()
export class BatchQueue {
  constructor(
    private readonly producer: JobProducer,
    private readonly prisma: PrismaService,
    private readonly config: ConfigService,
  ) {}

  async enqueue(batchId: string, totalRecords: number, chunkSize: number, requestId?: string): Promise<void> {
    const drainers = Math.max(1, Math.min(this.config.batches.drainers, Math.ceil(totalRecords / chunkSize)));
    for (let n = 0; n < drainers; n++) {
      await this.producer.enqueue(
        JobName.BatchExecute,
        { batchId, requestId },
        { jobId: drainerJobId(batchId, n === 0 ? undefined : `d${n}`) },
      );
    }
    await this.prisma.$executeRaw`
      UPDATE batch_executions SET enqueued_at = now() WHERE id = ${batchId}::uuid AND enqueued_at IS NULL`;
  }

  /** One more drainer for a batch that needs help (recovery, released items). */
  async addDrainer(batchId: string, reason: string, requestId?: string): Promise<void> {
    await this.producer.enqueue(
      JobName.BatchExecute,
      { batchId, requestId },
      { jobId: drainerJobId(batchId, `${reason}${Date.now()}`) },
    );
  }
}
