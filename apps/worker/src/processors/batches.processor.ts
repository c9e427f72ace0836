import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Job } from 'bullmq';
import { ConfigService } from '@app/config';
import { BatchRunner } from '@app/core';
import { JobName, parseJobPayload, QueueName, type JobsOf } from '@app/queue';

type BatchJob = JobsOf<QueueName.Batches>;

/** Orchestration only: the batch pipeline lives in libs/core (BatchRunner). */
@Processor(QueueName.Batches)
export class BatchesProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly handlers = {
    [JobName.BatchExecute]: async (job: Job) => {
      const { batchId, requestId } = parseJobPayload(JobName.BatchExecute, job.data);
      const outcome = await this.runner.drain(batchId);
      this.logger.info({ batchId, requestId, jobId: job.id, outcome }, 'drainer finished');
      return { outcome };
    },
  } satisfies Record<BatchJob, (job: Job) => Promise<unknown>>;

  constructor(
    private readonly runner: BatchRunner,
    private readonly config: ConfigService,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(BatchesProcessor.name);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  /** SIGTERM: take no new jobs, then let the running drainers hand their items back. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.pause(true);
    await this.runner.stop();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as BatchJob;
    if (!(name in this.handlers)) throw new Error(`No handler for job "${job.name}" on ${QueueName.Batches}`);
    return this.handlers[name](job);
  }
}
