import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { QueueEvents, type Queue } from 'bullmq';
import { ConfigService } from '@app/config';
import { PrismaService } from '@app/database';
import { JOB_QUEUE, JOB_SCHEMAS, JobName, QueueName } from '@app/queue';
import { MaintenanceProcessor } from '../apps/worker/src/processors/maintenance.processor';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** The real worker module consuming real queues in the run's Redis prefix. */
describe('worker', () => {
  let worker: INestApplicationContext;
  let events: QueueEvents;
  let maintenance: Queue;

  beforeAll(async () => {
    worker = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    await worker.init();
    maintenance = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    const config = worker.get(ConfigService);
    events = new QueueEvents(QueueName.Maintenance, {
      connection: { url: config.redis.url },
      prefix: config.queue.prefix,
    });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await worker.close();
  });

  it('has a schema, a queue and a handler for every job', () => {
    const handled = new Set(Object.keys(worker.get(MaintenanceProcessor)['handlers']));
    for (const name of Object.values(JobName)) {
      expect({
        name,
        schema: name in JOB_SCHEMAS,
        queue: Object.values(QueueName).includes(JOB_QUEUE[name]),
      }).toEqual({
        name,
        schema: true,
        queue: true,
      });
      if (JOB_QUEUE[name] === QueueName.Maintenance) expect(handled.has(name)).toBe(true);
    }
  });

  it('registers the hourly idempotency purge scheduler once, however often it boots', async () => {
    const schedulers = await maintenance.getJobSchedulers();
    expect(schedulers.filter((s) => s.key === JobName.IdempotencyPurge)).toHaveLength(1);
    expect(schedulers.find((s) => s.key === JobName.IdempotencyPurge)?.every).toBe(3_600_000);
  });

  it('purges expired idempotency keys and keeps live ones', async () => {
    const prisma = worker.get(PrismaService);
    const tenantId = `tenant_${Date.now()}`;
    const hour = 3_600_000;
    await prisma.idempotencyRecord.createMany({
      data: [
        { tenantId, scope: 'test', key: 'old', requestHash: 'h', expiresAt: new Date(Date.now() - hour) },
        { tenantId, scope: 'test', key: 'live', requestHash: 'h', expiresAt: new Date(Date.now() + hour) },
      ],
    });
    const job = await maintenance.add(JobName.IdempotencyPurge, {});
    const result = (await job.waitUntilFinished(events, 10_000)) as { deleted: number };
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = await prisma.idempotencyRecord.findMany({ where: { tenantId }, select: { key: true } });
    expect(left).toEqual([{ key: 'live' }]);
  });

  it('fails a job whose payload does not match its schema', async () => {
    const job = await maintenance.add(JobName.IdempotencyPurge, { requestId: 42 } as never, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/requestId/);
  });
});
