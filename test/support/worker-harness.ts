import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { Job, QueueEvents, type Queue } from 'bullmq';
import { ConfigService } from '@app/config';
import { QueueName } from '@app/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** The real worker app in-process, plus what tests need to wait for its jobs without polling. */
export interface WorkerHarness {
  app: INestApplicationContext;
  batches: Queue;
  events: QueueEvents;
  /** Resolves when every drainer job enqueued for the batch so far has finished. */
  waitForBatchJobs(batchId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWorker(): Promise<WorkerHarness> {
  const app = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
  await app.init();
  const config = app.get(ConfigService);
  const batches = app.get<Queue>(getQueueToken(QueueName.Batches));
  const events = new QueueEvents(QueueName.Batches, {
    connection: { url: config.redis.url },
    prefix: config.queue.prefix,
  });
  await events.waitUntilReady();

  return {
    app,
    batches,
    events,
    async waitForBatchJobs(batchId, timeoutMs = 20_000) {
      const jobs = (
        await batches.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])
      ).filter((job) => job?.id?.startsWith(`batch-${batchId}`));
      if (jobs.length === 0) throw new Error(`no drainer job for batch ${batchId}`);
      await Promise.all(jobs.map((job) => (job as Job).waitUntilFinished(events, timeoutMs)));
    },
    async close() {
      await events.close();
      await app.close();
    },
  };
}
