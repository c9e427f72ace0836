import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@app/database';
import { call, createTenant, createTestApp, type TestTenant } from './support/test-app';
import { exited, spawnWorker, waitFor } from './support/worker-process';

/**
 * Crash safety with real worker processes: a worker killed with SIGKILL mid-batch, and one
 * stopped with SIGTERM, leave no item with two results and no miscounted counter.
 */
describe('batch pipeline under worker crashes', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let target: Server;
  let targetUrl: string;
  const calls = new Map<string, number>();
  const workers: ChildProcess[] = [];
  // Short leases and a fast reconciler so a dead worker's items come back within seconds.
  const fastRecovery = { WORKER_LEASE_MS: '1500', RECONCILE_INTERVAL_MS: '500' };

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { name } = JSON.parse(body) as { name: string };
        calls.set(name, (calls.get(name) ?? 0) + 1);
        setTimeout(
          () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
          15,
        ).unref();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    for (const worker of workers)
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
    await app.close();
  });

  const startBatch = async (tenant: TestTenant, size: number, prefix: string) => {
    const flow = await call(app, 'POST', '/v1/flows', {
      token: tenant.key,
      body: {
        name: 'call out',
        steps: [
          {
            name: 'call',
            type: 'http',
            config: { method: 'POST', url: targetUrl, body: { name: '{{_record.name}}' } },
          },
        ],
      },
    });
    await prisma.$executeRaw`
      INSERT INTO records (tenant_id, user_id, type, name, metadata, updated_at)
      SELECT ${tenant.userId}, ${tenant.userId}, 'crash', ${prefix} || g, '{}'::jsonb, now() FROM generate_series(1, ${size}) g`;
    const recordIds = (
      await prisma.record.findMany({ where: { tenantId: tenant.userId }, select: { id: true } })
    ).map((record) => record.id);
    const res = await call(app, 'POST', '/v1/batch/flow', {
      token: tenant.key,
      body: {
        flowId: flow.body.id,
        recordIds,
        options: { recordConcurrency: 10, chunkSize: 20, progressFlushSize: 5 },
      },
    });
    expect(res.body.status).toBe('queued');
    return res.body.batchExecutionId as string;
  };

  const completion = (batchId: string, by: string) =>
    waitFor(
      async () =>
        (await prisma.batchExecution.findUniqueOrThrow({ where: { id: batchId } })).status === 'completed',
      60_000,
      by,
    );

  const callsFor = (prefix: string) => [...calls.entries()].filter(([name]) => name.startsWith(prefix));

  const expectExactlyOnceResults = async (batchId: string, size: number) => {
    const batch = await prisma.batchExecution.findUniqueOrThrow({ where: { id: batchId } });
    const items = await prisma.batchItem.groupBy({
      by: ['status'],
      where: { batchExecutionId: batchId },
      _count: true,
    });
    expect(items.map((group) => [group.status, group._count])).toEqual([['completed', size]]);
    expect(batch).toMatchObject({
      status: 'completed',
      totalRecords: size,
      processedRecords: size,
      successCount: size,
      failedRecords: 0,
      progress: 100,
    });
  };

  it('finishes a batch whose worker was SIGKILLed mid-way, with one result per item', async () => {
    const tenant = await createTenant(app);
    const size = 300;
    const first = spawnWorker(fastRecovery);
    workers.push(first);
    const batchId = await startBatch(tenant, size, 'kill-');

    await waitFor(async () => callsFor('kill-').length >= 60, 30_000, 'the first worker to make progress');
    first.kill('SIGKILL');
    expect(await exited(first)).toEqual({ code: null, signal: 'SIGKILL' });
    const beforeTakeover = await prisma.batchItem.count({
      where: { batchExecutionId: batchId, status: 'completed' },
    });
    expect(beforeTakeover).toBeLessThan(size);
    const orphaned = await prisma.batchItem.count({
      where: { batchExecutionId: batchId, status: 'running' },
    });

    const second = spawnWorker(fastRecovery);
    workers.push(second);
    await completion(batchId, 'the second worker to finish the batch');
    await expectExactlyOnceResults(batchId, size);
    // Every record was called at least once; only the ones in flight at the kill twice.
    const perRecord = callsFor('kill-');
    expect(perRecord).toHaveLength(size);
    expect(perRecord.filter(([, count]) => count > 1).length).toBeLessThanOrEqual(orphaned);

    second.kill('SIGTERM');
    expect(await exited(second)).toEqual({ code: 0, signal: null });
  });

  it('hands back in-flight items on SIGTERM and exits 0 promptly; another worker finishes', async () => {
    const tenant = await createTenant(app);
    const size = 200;
    const first = spawnWorker(fastRecovery);
    workers.push(first);
    const batchId = await startBatch(tenant, size, 'term-');

    await waitFor(async () => callsFor('term-').length >= 40, 30_000, 'the first worker to make progress');
    const stopAt = Date.now();
    first.kill('SIGTERM');
    expect(await exited(first)).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopAt).toBeLessThan(5_000);
    // Nothing is left claimed by the stopped worker.
    expect(await prisma.batchItem.count({ where: { batchExecutionId: batchId, status: 'running' } })).toBe(0);

    const second = spawnWorker(fastRecovery);
    workers.push(second);
    await completion(batchId, 'the second worker to finish the batch');
    await expectExactlyOnceResults(batchId, size);
    second.kill('SIGTERM');
    await exited(second);
  });

  it('lets two worker processes drain one batch at once', async () => {
    const tenant = await createTenant(app);
    const size = 300;
    const pair = [spawnWorker(), spawnWorker()];
    workers.push(...pair);
    const batchId = await startBatch(tenant, size, 'pair-');
    await completion(batchId, 'the pair to finish the batch');
    await expectExactlyOnceResults(batchId, size);
    const byWorker = await prisma.batchItem.groupBy({
      by: ['workerId'],
      where: { batchExecutionId: batchId },
      _count: true,
    });
    expect(byWorker.length).toBe(2);
    expect(callsFor('pair-').every(([, count]) => count === 1)).toBe(true);
    for (const worker of pair) worker.kill('SIGTERM');
    expect(await Promise.all(pair.map(exited))).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });
});
