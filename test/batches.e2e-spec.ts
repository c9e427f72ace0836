import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BatchFiringService, BatchReconciler } from '@app/core';
import { PrismaService } from '@app/database';
import { call, createKey, createTenant, createTestApp, type TestTenant } from './support/test-app';
import { startWorker, type WorkerHarness } from './support/worker-harness';

/**
 * The run pipeline end to end: the real API, the real worker processors, Postgres and Redis.
 */
describe('batch pipeline', () => {
  let app: NestFastifyApplication;
  let worker: WorkerHarness;
  let prisma: PrismaService;
  let target: Server;
  let targetUrl: string;
  const inlineMax = process.env.BATCH_INLINE_MATERIALIZE_MAX;

  beforeAll(async () => {
    // Selections above 20 records are materialized by the worker, in steps of 100.
    process.env.BATCH_INLINE_MATERIALIZE_MAX = '20';
    process.env.BATCH_MATERIALIZE_CHUNK = '100';
    app = await createTestApp();
    worker = await startWorker();
    prisma = app.get(PrismaService);
    // A third-party HTTP API stand-in: fails records whose name contains "bad", hangs on "slow".
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { name } = JSON.parse(body || '{}') as { name?: string };
        if (name?.includes('slow')) return void setTimeout(() => res.end('{}'), 30_000).unref();
        if (name?.includes('bad')) return void res.writeHead(502).end('{"error":"upstream broke"}');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: name }));
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
    await worker.close();
    await app.close();
    process.env.BATCH_INLINE_MATERIALIZE_MAX = inlineMax;
    delete process.env.BATCH_MATERIALIZE_CHUNK;
  });

  const createFlow = async (tenant: TestTenant, steps: unknown[]) => {
    const res = await call(app, 'POST', '/v1/flows', {
      token: tenant.key,
      body: { name: 'Per record', steps },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  const createRecords = async (tenant: TestTenant, names: string[], type = 'company') => {
    const ids: string[] = [];
    for (const name of names) {
      const res = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type, name, metadata: { tier: name.length % 2 ? 'gold' : 'silver' } },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  };

  const submit = async (
    tenant: TestTenant,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => call(app, 'POST', '/v1/batch/flow', { token: tenant.key, body, headers });

  const statusOf = async (tenant: TestTenant, id: string) =>
    (await call(app, 'GET', `/v1/batch/status/${id}`, { token: tenant.key })).body;

  /** processed = success + failed, and each equals the count of item statuses. */
  const expectConsistentCounters = async (batchId: string) => {
    const batch = await prisma.batchExecution.findUniqueOrThrow({ where: { id: batchId } });
    const items = await prisma.batchItem.groupBy({
      by: ['status'],
      where: { batchExecutionId: batchId },
      _count: true,
    });
    const count = (status: string) => items.find((group) => group.status === status)?._count ?? 0;
    expect({
      processed: batch.processedRecords,
      success: batch.successCount,
      failed: batch.failedRecords,
    }).toEqual({
      processed: count('completed') + count('failed'),
      success: count('completed'),
      failed: count('failed'),
    });
    return { batch, count };
  };

  it('runs the flow once per record and completes with progress 100', async () => {
    const tenant = await createTenant(app);
    const flowId = await createFlow(tenant, [
      {
        name: 'summary',
        type: 'transform',
        config: { template: { text: '{{_record.name}}/{{inputs.suffix}}' } },
      },
      {
        name: 'tag',
        type: 'update-record',
        config: { metadata: { summary: '{{steps.summary.output.text}}' } },
      },
    ]);
    const recordIds = await createRecords(tenant, ['acme', 'globex', 'initech', 'umbrella', 'hooli']);

    const res = await submit(tenant, {
      flowId,
      recordIds,
      inputs: { suffix: 'v1' },
      options: { recordConcurrency: 2 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ batchExecutionId: expect.any(String), recordCount: 5, status: 'queued' });
    await worker.waitForBatchJobs(res.body.batchExecutionId);

    const status = await statusOf(tenant, res.body.batchExecutionId);
    expect(status).toMatchObject({
      batchExecutionId: res.body.batchExecutionId,
      flowId,
      status: 'completed',
      totalRecords: 5,
      processedRecords: 5,
      successCount: 5,
      failedRecords: 0,
      progress: 100,
      startedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    await expectConsistentCounters(res.body.batchExecutionId);
    const record = await call(app, 'GET', `/v1/records/${recordIds[2]}`, { token: tenant.key });
    expect(record.body.metadata).toEqual({ tier: 'gold', summary: 'initech/v1' });

    const results = await call(
      app,
      'GET',
      `/v1/schedules/batch/${res.body.batchExecutionId}/results?limit=2`,
      {
        token: tenant.key,
      },
    );
    expect(results.body.pagination).toEqual({ hasMore: true, limit: 2, offset: 0, total: 5 });
    expect(results.body.data[0]).toMatchObject({
      recordId: recordIds[0],
      record: { id: recordIds[0], name: 'acme', type: 'company' },
      flowId,
      flowName: 'Per record',
      status: 'completed',
      error: null,
      failedAt: null,
      executedAt: expect.any(String),
    });
  });

  it('records per-record failures from a failing HTTP target and still completes', async () => {
    const tenant = await createTenant(app);
    const flowId = await createFlow(tenant, [
      {
        name: 'call',
        type: 'http',
        config: { method: 'POST', url: targetUrl, body: { name: '{{_record.name}}' } },
      },
    ]);
    const recordIds = await createRecords(tenant, ['good-1', 'bad-1', 'good-2', 'bad-2', 'good-3']);
    const res = await submit(tenant, { flowId, recordIds, options: { maxRetries: 1 } });
    await worker.waitForBatchJobs(res.body.batchExecutionId);

    const status = await statusOf(tenant, res.body.batchExecutionId);
    expect(status).toMatchObject({
      status: 'completed',
      processedRecords: 5,
      successCount: 3,
      failedRecords: 2,
      progress: 100,
    });
    await expectConsistentCounters(res.body.batchExecutionId);

    const failed = await call(
      app,
      'GET',
      `/v1/schedules/batch/${res.body.batchExecutionId}/results?status=failed`,
      {
        token: tenant.key,
      },
    );
    expect(failed.body.data.map((row: any) => row.record.name).sort()).toEqual(['bad-1', 'bad-2']);
    for (const row of failed.body.data) {
      expect(row.error).toMatch(/502/);
      expect(row.attempts).toBe(2);
      expect(row.failedAt).toEqual(expect.any(String));
    }
    const ok = await call(
      app,
      'GET',
      `/v1/schedules/batch/${res.body.batchExecutionId}/results?status=success`,
      {
        token: tenant.key,
      },
    );
    expect(ok.body.data).toHaveLength(3);
    expect(ok.body.data[0].output).toEqual({ status: 200, body: { echoed: 'good-1' } });
  });

  it('materializes a large selection in the worker, in steps', async () => {
    const tenant = await createTenant(app);
    const flowId = await createFlow(tenant, [{ name: 'noop', type: 'transform', config: { template: {} } }]);
    await prisma.$executeRaw`
      INSERT INTO records (tenant_id, user_id, type, name, metadata, updated_at)
      SELECT ${tenant.userId}, ${tenant.userId}, 'bulk', 'r' || g, '{}'::jsonb, now() FROM generate_series(1, 350) g`;
    const ids = (
      await prisma.record.findMany({ where: { tenantId: tenant.userId }, select: { id: true } })
    ).map((r) => r.id);

    const res = await submit(tenant, {
      flowId,
      recordIds: ids,
      options: { chunkSize: 40, progressFlushSize: 15 },
    });
    expect(res.body).toMatchObject({ recordCount: 350, status: 'queued' });
    const batch = await prisma.batchExecution.findUniqueOrThrow({ where: { id: res.body.batchExecutionId } });
    expect(batch.materializedAt).toBeNull();

    await worker.waitForBatchJobs(res.body.batchExecutionId);
    const { batch: done, count } = await expectConsistentCounters(res.body.batchExecutionId);
    expect(done).toMatchObject({
      status: 'completed',
      totalRecords: 350,
      processedRecords: 350,
      progress: 100,
    });
    expect(count('completed')).toBe(350);
    const seqs = await prisma.batchItem.findMany({
      where: { batchExecutionId: done.id },
      select: { seq: true },
      orderBy: { seq: 'asc' },
    });
    expect(seqs.map((item) => item.seq)).toEqual(Array.from({ length: 350 }, (_, i) => i));
  });

  it('answers an empty selection with a completed batch and no job', async () => {
    const tenant = await createTenant(app);
    const other = await createTenant(app);
    const flowId = await createFlow(tenant, [{ name: 'noop', type: 'transform', config: { template: {} } }]);
    const foreign = await createRecords(other, ['not-yours']);
    const res = await submit(tenant, { flowId, recordIds: foreign });
    expect(res.body).toEqual({ batchExecutionId: expect.any(String), recordCount: 0, status: 'completed' });
    expect(await statusOf(tenant, res.body.batchExecutionId)).toMatchObject({
      status: 'completed',
      totalRecords: 0,
      processedRecords: 0,
      progress: 100,
    });
    expect(await worker.batches.getJob(`batch-${res.body.batchExecutionId}`)).toBeUndefined();
  });

  it('creates exactly one batch for 20 concurrent submits with one Idempotency-Key', async () => {
    const tenant = await createTenant(app);
    const flowId = await createFlow(tenant, [{ name: 'noop', type: 'transform', config: { template: {} } }]);
    const recordIds = await createRecords(tenant, ['one', 'two']);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        submit(tenant, { flowId, recordIds }, { 'idempotency-key': 'submit-once' }),
      ),
    );
    expect(new Set(responses.map((res) => res.status))).toEqual(new Set([200]));
    expect(new Set(responses.map((res) => res.body.batchExecutionId)).size).toBe(1);
    expect(await prisma.batchExecution.count({ where: { tenantId: tenant.userId } })).toBe(1);

    const reused = await submit(
      tenant,
      { flowId, recordIds: recordIds.slice(0, 1) },
      { 'idempotency-key': 'submit-once' },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await worker.waitForBatchJobs(responses[0].body.batchExecutionId);
  });

  it('cancels: no new items start, in-flight ones are aborted within a second', async () => {
    const tenant = await createTenant(app);
    const flowId = await createFlow(tenant, [
      {
        name: 'call',
        type: 'http',
        config: { method: 'POST', url: targetUrl, body: { name: '{{_record.name}}' } },
      },
    ]);
    const recordIds = await createRecords(tenant, [
      'slow-1',
      'slow-2',
      'slow-3',
      'slow-4',
      'slow-5',
      'slow-6',
    ]);
    const slowCallArrived = new Promise<void>((resolve) => target.once('request', () => resolve()));
    const res = await submit(tenant, { flowId, recordIds, options: { recordConcurrency: 2, chunkSize: 2 } });
    const batchId = res.body.batchExecutionId;
    await slowCallArrived;

    const cancelledAt = Date.now();
    const cancel = await call(app, 'POST', `/v1/batch/cancel/${batchId}`, { token: tenant.key });
    expect(cancel.body).toEqual({
      message: `Batch execution ${batchId} has been successfully cancelled.`,
      success: true,
    });
    await worker.waitForBatchJobs(batchId, 5_000);
    expect(Date.now() - cancelledAt).toBeLessThan(1_500);

    const { batch, count } = await expectConsistentCounters(batchId);
    expect(batch.status).toBe('cancelled');
    expect(count('cancelled')).toBe(6);
    expect(count('running') + count('pending')).toBe(0);
    const again = await call(app, 'POST', `/v1/batch/cancel/${batchId}`, { token: tenant.key });
    expect(again.status).toBe(409);
  });

  it('repairs a crash between commit and enqueue (reconciler)', async () => {
    const tenant = await createTenant(app);
    const flowId = await createFlow(tenant, [{ name: 'noop', type: 'transform', config: { template: {} } }]);
    const recordIds = await createRecords(tenant, ['a', 'b', 'c']);
    // The crash: the transaction commits, the enqueue never happens.
    const firing = app.get(BatchFiringService);
    const enqueue = jest.spyOn(firing['queue'], 'enqueue').mockRejectedValueOnce(new Error('process died'));
    const res = await submit(tenant, { flowId, recordIds });
    enqueue.mockRestore();
    const batchId = res.body.batchExecutionId;
    expect(await prisma.batchExecution.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({
      status: 'queued',
      enqueuedAt: null,
    });
    expect(await worker.batches.getJob(`batch-${batchId}`)).toBeUndefined();

    await prisma.$executeRaw`UPDATE batch_executions SET created_at = now() - interval '10 seconds' WHERE id = ${batchId}::uuid`;
    const report = await worker.app.get(BatchReconciler).reconcile();
    expect(report.enqueued).toBeGreaterThanOrEqual(1);
    await worker.waitForBatchJobs(batchId);
    expect(await statusOf(tenant, batchId)).toMatchObject({ status: 'completed', processedRecords: 3 });
  });

  it('404s another tenant’s batch and needs BATCH scopes', async () => {
    const tenant = await createTenant(app);
    const stranger = await createTenant(app);
    const flowId = await createFlow(tenant, [{ name: 'noop', type: 'transform', config: { template: {} } }]);
    const recordIds = await createRecords(tenant, ['x']);
    const res = await submit(tenant, { flowId, recordIds });
    for (const [method, url] of [
      ['GET', `/v1/batch/status/${res.body.batchExecutionId}`],
      ['POST', `/v1/batch/cancel/${res.body.batchExecutionId}`],
      ['GET', `/v1/schedules/batch/${res.body.batchExecutionId}/results`],
    ] as const) {
      expect((await call(app, method, url, { token: stranger.key })).status).toBe(404);
    }
    expect((await submit(stranger, { flowId, recordIds })).status).toBe(404);
    const readOnly = await createKey(app, tenant, ['BATCH:READ']);
    expect(
      (await call(app, 'POST', '/v1/batch/flow', { token: readOnly, body: { flowId, recordIds } })).status,
    ).toBe(403);
    const bad = await submit(tenant, { flowId, recordIds: ['nope'], options: { chunkSize: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.path).sort()).toEqual(['options.chunkSize', 'recordIds.0']);
    await worker.waitForBatchJobs(res.body.batchExecutionId);
  });
});
