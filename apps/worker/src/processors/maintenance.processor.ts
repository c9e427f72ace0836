import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { BatchReconciler, IdempotencyRecordsRepository } from '@app/core';
import { JobName, parseJobPayload, QueueName, type JobsOf } from '@app/queue';

type MaintenanceJob = JobsOf<QueueName.Maintenance>;

/** Housekeeping jobs. Each handler is idempotent: running one twice, or on two replicas, is harmless. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  private readonly handlers = {
    [JobName.BatchReconcile]: (_job: Job) => this.reconciler.reconcile(),
    [JobName.IdempotencyPurge]: async (_job: Job) => {
      const deleted = await this.idempotencyRecords.deleteExpired(new Date());
      if (deleted > 0) this.logger.log(`purged ${deleted} expired idempotency keys`);
      return { deleted };
    },
  } satisfies Record<MaintenanceJob, (job: Job) => Promise<unknown>>;

  constructor(
    private readonly idempotencyRecords: IdempotencyRecordsRepository,
    private readonly reconciler: BatchReconciler,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as MaintenanceJob;
    if (!(name in this.handlers))
      throw new Error(`No handler for job "${job.name}" on ${QueueName.Maintenance}`);
    parseJobPayload(name, job.data);
    return this.handlers[name](job);
  }
}
