import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@app/database';
import { call, createKey, createTenant, createTestApp, type TestTenant } from './support/test-app';
import { startWorker, type WorkerHarness } from './support/worker-harness';

/** Schedules fire through run-now into the batch pipeline and the real worker. */
describe('schedule run-now', () => {
  let app: NestFastifyApplication;
  let worker: WorkerHarness;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startWorker();
    prisma = app.get(PrismaService);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  interface Setup {
    tenant: TestTenant;
    base: string;
    flowId: string;
    recordIds: Record<string, string>;
  }

  /** product → surface → flow → records, as a user would create them. */
  const setup = async (): Promise<Setup> => {
    const tenant = await createTenant(app);
    const token = tenant.key;
    const product = await call(app, 'POST', '/v1/products', { token, body: { name: 'Nightly' } });
    const surface = await call(app, 'POST', `/v1/products/${product.body.id}/surfaces`, {
      token,
      body: { name: 'Jobs', type: 'schedule' },
    });
    const flow = await call(app, 'POST', '/v1/flows', {
      token,
      body: {
        name: 'Stamp',
        steps: [
          { name: 'stamp', type: 'update-record', config: { metadata: { stamped: '{{inputs.stamp}}' } } },
        ],
      },
    });
    const recordIds: Record<string, string> = {};
    for (const [name, metadata] of [
      ['acme', { tier: 'gold', seats: 50 }],
      ['globex', { tier: 'silver', seats: 5 }],
      ['initech', { tier: 'gold', seats: 2 }],
      ['umbrella', { tier: 'bronze' }],
    ] as const) {
      const record = await call(app, 'POST', '/v1/records', {
        token,
        body: { type: 'company', name, metadata },
      });
      recordIds[name] = record.body.id;
    }
    await call(app, 'POST', '/v1/records', {
      token,
      body: { type: 'person', name: 'ada', metadata: { tier: 'gold' } },
    });
    return {
      tenant,
      base: `/v1/products/${product.body.id}/surfaces/${surface.body.id}/schedules`,
      flowId: flow.body.id,
      recordIds,
    };
  };

  const createSchedule = async ({ tenant, base, flowId }: Setup, body: Record<string, unknown>) => {
    const res = await call(app, 'POST', base, {
      token: tenant.key,
      body: { name: 'Stamp companies', flowId, triggerType: 'manual', inputs: { stamp: 'v1' }, ...body },
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  const runNow = (setup: Setup, scheduleId: string, headers?: Record<string, string>) =>
    call(app, 'POST', `${setup.base}/${scheduleId}/run-now`, { token: setup.tenant.key, headers });

  const stampedNames = async (tenant: TestTenant) =>
    (
      await prisma.record.findMany({
        where: { tenantId: tenant.userId },
        select: { name: true, metadata: true },
      })
    )
      .filter((record) => (record.metadata as { stamped?: string }).stamped === 'v1')
      .map((record) => record.name)
      .sort();

  it('runs a schedule over its record type: status, results and the run ledger', async () => {
    const s = await setup();
    const schedule = await createSchedule(s, {
      recordType: 'company',
      cron: '0 8 * * *',
      triggerType: 'recurring',
    });

    const res = await runNow(s, schedule.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ batchExecutionId: expect.any(String), recordCount: 4, status: 'queued' });
    await worker.waitForBatchJobs(res.body.batchExecutionId);

    const status = await call(app, 'GET', `/v1/batch/status/${res.body.batchExecutionId}`, {
      token: s.tenant.key,
    });
    expect(status.body).toMatchObject({
      status: 'completed',
      progress: 100,
      totalRecords: 4,
      processedRecords: 4,
      successCount: 4,
    });
    expect(await stampedNames(s.tenant)).toEqual(['acme', 'globex', 'initech', 'umbrella']);

    const results = await call(app, 'GET', `/v1/schedules/batch/${res.body.batchExecutionId}/results`, {
      token: s.tenant.key,
    });
    expect(results.body.data.map((row: any) => row.record.name)).toEqual([
      'acme',
      'globex',
      'initech',
      'umbrella',
    ]);
    expect(results.body.data[0]).toMatchObject({ flowId: s.flowId, flowName: 'Stamp', status: 'completed' });

    const runs = await call(app, 'GET', `${s.base}/${schedule.id}/runs`, { token: s.tenant.key });
    expect(runs.body.data).toEqual([
      expect.objectContaining({
        scheduleId: schedule.id,
        batchExecutionId: res.body.batchExecutionId,
        flowId: s.flowId,
        status: 'completed',
        trigger: 'manual',
        totalRecords: 4,
        processedRecords: 4,
        failedRecords: 0,
        error: null,
        startedAt: expect.any(String),
        completedAt: expect.any(String),
      }),
    ]);

    // Run-now leaves the cadence alone but records the fire.
    const after = await call(app, 'GET', `${s.base}/${schedule.id}`, { token: s.tenant.key });
    expect(after.body.nextRunAt).toBe(schedule.nextRunAt);
    expect(after.body.lastRunAt).toEqual(expect.any(String));
  });

  it('selects with a record filter over metadata and columns, and prefers recordIds', async () => {
    const s = await setup();
    const filtered = await createSchedule(s, {
      recordFilter: {
        type: 'company',
        where: {
          or: [
            {
              and: [
                { field: 'tier', op: 'eq', value: 'gold' },
                { field: 'seats', op: 'gt', value: 10 },
              ],
            },
            { field: 'name', op: 'contains', value: 'GLOB' },
          ],
        },
      },
    });
    const res = await runNow(s, filtered.id);
    expect(res.body.recordCount).toBe(2);
    await worker.waitForBatchJobs(res.body.batchExecutionId);
    expect(await stampedNames(s.tenant)).toEqual(['acme', 'globex']);

    const explicit = await createSchedule(s, { recordIds: [s.recordIds.umbrella], recordType: 'company' });
    const second = await runNow(s, explicit.id);
    expect(second.body.recordCount).toBe(1);
    await worker.waitForBatchJobs(second.body.batchExecutionId);
    expect(await stampedNames(s.tenant)).toEqual(['acme', 'globex', 'umbrella']);
  });

  it('completes a run at once when nothing matches', async () => {
    const s = await setup();
    const schedule = await createSchedule(s, { recordType: 'nobody' });
    const res = await runNow(s, schedule.id);
    expect(res.body).toEqual({ batchExecutionId: expect.any(String), recordCount: 0, status: 'completed' });
    const runs = await call(app, 'GET', `${s.base}/${schedule.id}/runs`, { token: s.tenant.key });
    expect(runs.body.data[0]).toMatchObject({
      status: 'completed',
      totalRecords: 0,
      completedAt: expect.any(String),
    });
  });

  it('creates exactly one batch and one run for 20 concurrent run-nows with one Idempotency-Key', async () => {
    const s = await setup();
    const schedule = await createSchedule(s, { recordType: 'company' });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => runNow(s, schedule.id, { 'idempotency-key': 'nightly-2026-12-03' })),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((res) => res.body.batchExecutionId)).size).toBe(1);
    expect(await prisma.scheduleRun.count({ where: { scheduleId: schedule.id } })).toBe(1);
    expect(await prisma.batchExecution.count({ where: { scheduleId: schedule.id } })).toBe(1);

    // Another key is another fire.
    const other = await runNow(s, schedule.id, { 'idempotency-key': 'nightly-2026-12-04' });
    expect(other.body.batchExecutionId).not.toBe(responses[0].body.batchExecutionId);
    await worker.waitForBatchJobs(responses[0].body.batchExecutionId);
    await worker.waitForBatchJobs(other.body.batchExecutionId);
  });

  it('mirrors a cancel onto the run', async () => {
    const s = await setup();
    const schedule = await createSchedule(s, { recordType: 'company' });
    // Cancel before any worker can take it: the worker must not run it afterwards.
    await worker.batches.pause();
    try {
      const res = await runNow(s, schedule.id);
      const cancel = await call(app, 'POST', `/v1/batch/cancel/${res.body.batchExecutionId}`, {
        token: s.tenant.key,
      });
      expect(cancel.body.success).toBe(true);
      await worker.batches.resume();
      await worker.waitForBatchJobs(res.body.batchExecutionId);
      const runs = await call(app, 'GET', `${s.base}/${schedule.id}/runs`, { token: s.tenant.key });
      expect(runs.body.data[0]).toMatchObject({ status: 'cancelled', processedRecords: 0 });
      expect(await stampedNames(s.tenant)).toEqual([]);
      const items = await prisma.batchItem.groupBy({
        by: ['status'],
        where: { batchExecutionId: res.body.batchExecutionId },
        _count: true,
      });
      expect(items.map((group) => [group.status, group._count])).toEqual([['cancelled', 4]]);
    } finally {
      await worker.batches.resume();
    }
  });

  it('refuses agent targets and schedules without a record source with a 400', async () => {
    const s = await setup();
    const agent = await call(app, 'POST', s.base, {
      token: s.tenant.key,
      body: { name: 'Agent', agentId: 'agent_123', triggerType: 'manual' },
    });
    expect(agent.status).toBe(201);
    const agentRun = await runNow(s, agent.body.id);
    expect(agentRun.status).toBe(400);
    expect(agentRun.body.error).toMatch(/agent/i);

    const sourceless = await createSchedule(s, {});
    const none = await runNow(s, sourceless.id);
    expect(none.status).toBe(400);
    expect(none.body.details[0].message).toMatch(/recordIds, recordFilter or recordType/);
  });

  it('needs SCHEDULES:EXECUTE and hides other tenants’ schedules', async () => {
    const s = await setup();
    const schedule = await createSchedule(s, { recordType: 'company' });
    const readOnly = await createKey(app, s.tenant, ['SCHEDULES:READ']);
    const denied = await call(app, 'POST', `${s.base}/${schedule.id}/run-now`, { token: readOnly });
    expect(denied.status).toBe(403);
    const stranger = await createTenant(app);
    const hidden = await call(app, 'POST', `${s.base}/${schedule.id}/run-now`, { token: stranger.key });
    expect(hidden.status).toBe(404);
    const badKey = await runNow(s, schedule.id, { 'idempotency-key': 'x'.repeat(300) });
    expect(badKey.status).toBe(400);
    expect(await prisma.batchExecution.count({ where: { tenantId: s.tenant.userId } })).toBe(0);
  });
});
