import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@app/database';
import { expectError } from './support/assertions';
import { call, createKey, createTenant, createTestApp, type TestTenant, createVia } from './support/test-app';

describe('product cleanup preview, delete and configuration', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (
    tenant: TestTenant,
    url: string,
    body: Record<string, unknown> = {},
  ): Promise<{ id: string } & Record<string, unknown>> => createVia(app, tenant, url, body);
  const createFlow = (tenant: TestTenant, name: string) =>
    post(tenant, '/v1/flows', {
      name,
      steps: [{ name: 'only', type: 'transform', config: { template: '{{inputs.q}}' } }],
    });
  /** Surface keys are inserted directly: this suite is about what hangs off a product, not key issuance. */
  const insertKey = async (
    tenant: TestTenant,
    productId: string,
    surfaceId: string,
    extra: { isActive?: boolean; expiresAt?: Date } = {},
  ) =>
    (
      await prisma.surfaceKey.create({
        data: {
          tenantId: tenant.userId,
          productId,
          surfaceId,
          keyHash: randomBytes(32).toString('hex'),
          keyPrefix: 'papi_test',
          scopes: [],
          ...extra,
        },
        select: { id: true },
      })
    ).id;
  const sorted = (ids: string[]) => [...ids].sort();

  describe('cleanup preview and delete', () => {
    /** Two flows, two capabilities, two surfaces with items and keys, two schedules with history, records. */
    const buildProduct = async (tenant: TestTenant, sharedFlowId?: string) => {
      const product = await post(tenant, '/v1/products', { name: 'Doomed' });
      const p = `/v1/products/${product.id}`;
      const provisionedKeys = await prisma.surfaceKey.count({ where: { productId: product.id } });
      const capFlow = sharedFlowId ? { id: sharedFlowId } : await createFlow(tenant, 'Capability flow');
      const scheduleFlow = await createFlow(tenant, 'Schedule flow');
      const search = await post(tenant, `${p}/capabilities`, {
        capabilityName: 'Search',
        flowId: capFlow.id,
      });
      const agent = await post(tenant, `${p}/capabilities`, { capabilityName: 'Agent', agentId: 'agent_1' });
      const chat = await post(tenant, `${p}/surfaces`, { name: 'Chat', type: 'chat' });
      const jobs = await post(tenant, `${p}/surfaces`, { name: 'Jobs', type: 'schedule' });
      const items = [
        await post(tenant, `${p}/surfaces/${chat.id}/items`, { capabilityId: search.id }),
        await post(tenant, `${p}/surfaces/${chat.id}/items`, { capabilityId: agent.id }),
        await post(tenant, `${p}/surfaces/${jobs.id}/items`, { capabilityId: search.id }),
      ];
      const keys = [
        await insertKey(tenant, product.id, chat.id),
        await insertKey(tenant, product.id, jobs.id),
      ];
      const schedules = `${p}/surfaces/${jobs.id}/schedules`;
      const nightly = await post(tenant, schedules, {
        name: 'Nightly',
        flowId: scheduleFlow.id,
        triggerType: 'manual',
        recordType: 'lead',
      });
      const adhoc = await post(tenant, schedules, {
        name: 'Adhoc',
        flowId: capFlow.id,
        triggerType: 'manual',
      });
      const batch = await prisma.batchExecution.create({
        data: {
          tenantId: tenant.userId,
          userId: tenant.userId,
          flowId: scheduleFlow.id,
          scheduleId: nightly.id,
          status: 'completed',
          selection: { recordType: 'lead' },
          selectionCutoff: new Date(),
        },
        select: { id: true },
      });
      const runs = [
        await prisma.scheduleRun.create({
          data: {
            tenantId: tenant.userId,
            scheduleId: nightly.id,
            batchExecutionId: batch.id,
            trigger: 'manual',
            status: 'completed',
          },
          select: { id: true },
        }),
        await prisma.scheduleRun.create({
          data: { tenantId: tenant.userId, scheduleId: adhoc.id, trigger: 'manual', status: 'failed' },
          select: { id: true },
        }),
      ].map((run) => run.id);
      const records = await Promise.all(
        ['a', 'b'].map(
          async (name) =>
            (
              await prisma.record.create({
                data: {
                  tenantId: tenant.userId,
                  userId: tenant.userId,
                  type: 'lead',
                  name: `${product.id}-${name}`,
                  productSurfaceId: chat.id,
                },
                select: { id: true },
              })
            ).id,
        ),
      );
      return {
        productId: product.id,
        provisionedKeys,
        flows: [capFlow.id, scheduleFlow.id],
        capabilities: [search.id, agent.id],
        surfaces: [chat.id, jobs.id],
        items: items.map((item) => item.id),
        keys,
        schedules: [nightly.id, adhoc.id],
        runs,
        batches: [batch.id],
        records,
      };
    };
    type Built = Awaited<ReturnType<typeof buildProduct>>;

    /** How many of each listed row still exist. */
    const surviving = async (b: Built) => ({
      product: await prisma.product.count({ where: { id: b.productId } }),
      capabilities: await prisma.capability.count({ where: { id: { in: b.capabilities } } }),
      surfaces: await prisma.surface.count({ where: { id: { in: b.surfaces } } }),
      items: await prisma.surfaceItem.count({ where: { id: { in: b.items } } }),
      keys: await prisma.surfaceKey.count({
        where: { OR: [{ id: { in: b.keys } }, { productId: b.productId }] },
      }),
      schedules: await prisma.schedule.count({ where: { id: { in: b.schedules } } }),
      runs: await prisma.scheduleRun.count({ where: { id: { in: b.runs } } }),
      flows: await prisma.flow.count({ where: { id: { in: b.flows } } }),
      records: await prisma.record.count({ where: { id: { in: b.records } } }),
      batches: await prisma.batchExecution.count({ where: { id: { in: b.batches } } }),
    });

    it('lists exactly what delete removes and what it keeps, then delete does exactly that', async () => {
      const tenant = await createTenant(app);
      const built = await buildProduct(tenant);
      // A sibling product sharing the capability flow: none of its rows are part of the preview.
      const sibling = await buildProduct(tenant, built.flows[0]);

      const res = await call(app, 'GET', `/v1/products/${built.productId}/cleanup-preview`, {
        token: tenant.key,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        productId: built.productId,
        removes: {
          capabilities: { count: 2, ids: sorted(built.capabilities) },
          surfaces: { count: 2, ids: sorted(built.surfaces) },
          surfaceItems: { count: 3 },
          surfaceKeys: { count: built.provisionedKeys + 2 },
          schedules: { count: 2, ids: sorted(built.schedules) },
          scheduleRuns: { count: 2 },
        },
        keeps: {
          flows: { count: 2, ids: sorted(built.flows) },
          records: { count: 2 },
          batchExecutions: { count: 1 },
        },
        notes: expect.arrayContaining([expect.stringContaining('Flows are not deleted')]),
      });

      const before = await surviving(built);
      expect(before).toEqual({
        product: 1,
        capabilities: 2,
        surfaces: 2,
        items: 3,
        keys: built.provisionedKeys + 2,
        schedules: 2,
        runs: 2,
        flows: 2,
        records: 2,
        batches: 1,
      });
      const siblingBefore = await surviving(sibling);

      const del = await call(app, 'DELETE', `/v1/products/${built.productId}`, { token: tenant.key });
      expect(del.body).toEqual({ id: built.productId, deleted: true });

      // Everything under `removes` is gone, everything under `keeps` is still there.
      expect(await surviving(built)).toEqual({
        product: 0,
        capabilities: 0,
        surfaces: 0,
        items: 0,
        keys: 0,
        schedules: 0,
        runs: 0,
        flows: 2,
        records: 2,
        batches: 1,
      });
      expect(await surviving(sibling)).toEqual(siblingBefore);
      // The kept batch has lost its run (SET NULL) but is still readable by id.
      const batch = await call(app, 'GET', `/v1/batch/status/${built.batches[0]}`, { token: tenant.key });
      expect(batch.status).toBe(200);

      const gone = await call(app, 'GET', `/v1/products/${built.productId}/cleanup-preview`, {
        token: tenant.key,
      });
      expectError(gone, 404, 'NOT_FOUND');
    });

    it('caps each id list at 100 while counts stay exact', async () => {
      const tenant = await createTenant(app);
      const product = await post(tenant, '/v1/products', { name: 'Big' });
      await prisma.capability.createMany({
        data: Array.from({ length: 101 }, (_, i) => ({
          tenantId: tenant.userId,
          productId: product.id,
          agentId: `agent_${i}`,
          capabilityName: `C${i}`,
          displayOrder: i + 1,
        })),
      });
      const ids = (
        await prisma.capability.findMany({ where: { productId: product.id }, select: { id: true } })
      ).map((row) => row.id);
      const res = await call(app, 'GET', `/v1/products/${product.id}/cleanup-preview`, { token: tenant.key });
      expect(res.body.removes.capabilities).toEqual({ count: 101, ids: sorted(ids).slice(0, 100) });
      expect(res.body.removes.surfaces).toEqual({ count: 0, ids: [] });
      expect(res.body.keeps.flows).toEqual({ count: 0, ids: [] });
    });
  });

  describe('configuration', () => {
    it('is ready when every part is wired up', async () => {
      const tenant = await createTenant(app);
      const product = await post(tenant, '/v1/products', { name: 'Complete' });
      const p = `/v1/products/${product.id}`;
      const flow = await createFlow(tenant, 'Answer');
      const cap = await post(tenant, `${p}/capabilities`, { capabilityName: 'Answer', flowId: flow.id });
      const surface = await post(tenant, `${p}/surfaces`, {
        name: 'Chat',
        type: 'chat',
        environment: 'production',
      });
      await post(tenant, `${p}/surfaces/${surface.id}/items`, { capabilityId: cap.id });
      await insertKey(tenant, product.id, surface.id, { expiresAt: new Date(Date.now() + 86_400_000) });
      const schedule = await post(tenant, `${p}/surfaces/${surface.id}/schedules`, {
        name: 'Nightly',
        flowId: flow.id,
        triggerType: 'manual',
        recordType: 'lead',
      });

      const res = await call(app, 'GET', `${p}/configuration`, { token: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        productId: product.id,
        dashboardUrl: `https://dashboard.runtype.com/products/${product.id}`,
        ready: true,
        capabilities: [
          {
            id: cap.id,
            capabilityName: 'Answer',
            enabled: true,
            target: 'flow',
            flowId: flow.id,
            flowExists: true,
            issues: [],
          },
        ],
        surfaces: [
          {
            id: surface.id,
            name: 'Chat',
            type: 'chat',
            environment: 'production',
            status: 'active',
            itemCount: 1,
            keyCount: 1,
            scheduleCount: 1,
            issues: [],
          },
        ],
        schedules: [
          {
            id: schedule.id,
            name: 'Nightly',
            surfaceId: surface.id,
            enabled: true,
            paused: false,
            hasRecordSource: true,
            issues: [],
          },
        ],
        missing: [],
      });
    });

    it('names an empty product’s missing parts', async () => {
      const tenant = await createTenant(app);
      const product = await post(tenant, '/v1/products', { name: 'Empty' });
      const res = await call(app, 'GET', `/v1/products/${product.id}/configuration`, { token: tenant.key });
      expect(res.body).toMatchObject({
        ready: false,
        capabilities: [],
        surfaces: [],
        schedules: [],
        missing: ['Product has no capabilities', 'Product has no surfaces'],
      });
    });

    it('reports every kind of issue', async () => {
      const tenant = await createTenant(app);
      const product = await post(tenant, '/v1/products', { name: 'Half done' });
      const p = `/v1/products/${product.id}`;
      const keptFlow = await createFlow(tenant, 'Kept');
      const doomedFlow = await createFlow(tenant, 'Doomed');
      const disabled = await post(tenant, `${p}/capabilities`, {
        capabilityName: 'Off',
        flowId: keptFlow.id,
        enabled: false,
      });
      const orphaned = await post(tenant, `${p}/capabilities`, {
        capabilityName: 'Orphan',
        flowId: doomedFlow.id,
      });
      const agent = await post(tenant, `${p}/capabilities`, { capabilityName: 'Agent', agentId: 'agent_1' });
      expect((await call(app, 'DELETE', `/v1/flows/${doomedFlow.id}`, { token: tenant.key })).status).toBe(
        200,
      );

      const bare = await post(tenant, `${p}/surfaces`, { name: 'Bare', type: 'api' });
      const revoked = await post(tenant, `${p}/surfaces`, { name: 'Revoked', type: 'chat' });
      await post(tenant, `${p}/surfaces/${revoked.id}/items`, { capabilityId: agent.id });
      await insertKey(tenant, product.id, revoked.id, { isActive: false });
      await insertKey(tenant, product.id, revoked.id, { expiresAt: new Date(Date.now() - 1000) });

      const schedules = `${p}/surfaces/${revoked.id}/schedules`;
      const sourceless = await post(tenant, schedules, {
        name: 'No source',
        flowId: keptFlow.id,
        triggerType: 'manual',
      });
      const paused = await post(tenant, schedules, {
        name: 'Paused',
        flowId: keptFlow.id,
        triggerType: 'manual',
        recordFilter: { type: 'company', where: { field: 'tier', op: 'eq', value: 'gold' } },
      });
      const pause = await call(app, 'POST', `${schedules}/${paused.id}/pause`, {
        token: tenant.key,
        body: {},
      });
      expect(pause.status).toBe(200);

      const res = await call(app, 'GET', `${p}/configuration`, { token: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body.ready).toBe(false);
      expect(res.body.capabilities).toEqual([
        expect.objectContaining({ id: disabled.id, enabled: false, flowExists: true, issues: ['disabled'] }),
        expect.objectContaining({
          id: orphaned.id,
          target: 'flow',
          flowId: null,
          flowExists: false,
          issues: ['flow_missing'],
        }),
        expect.objectContaining({ id: agent.id, target: 'agent', flowExists: false, issues: [] }),
      ]);
      expect(res.body.surfaces).toEqual([
        expect.objectContaining({ id: bare.id, itemCount: 0, keyCount: 0, issues: ['no_items', 'no_keys'] }),
        expect.objectContaining({
          id: revoked.id,
          itemCount: 1,
          keyCount: 0,
          scheduleCount: 2,
          issues: ['no_keys'],
        }),
      ]);
      expect(res.body.schedules).toEqual([
        expect.objectContaining({
          id: sourceless.id,
          hasRecordSource: false,
          paused: false,
          issues: ['no_record_source'],
        }),
        expect.objectContaining({
          id: paused.id,
          enabled: false,
          paused: true,
          hasRecordSource: true,
          issues: ['paused'],
        }),
      ]);
      expect(res.body.missing).toEqual([
        "Capability 'Off' is disabled",
        "Capability 'Orphan' has no flow (it was deleted)",
        "Surface 'Bare' has no items",
        "Surface 'Bare' has no active keys",
        "Surface 'Revoked' has no active keys",
        "Schedule 'No source' has no record source (recordIds, recordFilter or recordType)",
        "Schedule 'Paused' is paused",
      ]);
    });
  });

  describe('access', () => {
    const routes = (productId: string) => [
      `/v1/products/${productId}/cleanup-preview`,
      `/v1/products/${productId}/configuration`,
    ];

    it('404 for another tenant’s product and for a malformed id', async () => {
      const owner = await createTenant(app);
      const stranger = await createTenant(app);
      const product = await post(owner, '/v1/products', { name: 'Private' });
      for (const url of [...routes(product.id), ...routes('not-a-uuid')]) {
        expectError(await call(app, 'GET', url, { token: stranger.key }), 404, 'NOT_FOUND');
      }
      for (const url of routes(product.id)) {
        expect((await call(app, 'GET', url, { token: owner.key })).status).toBe(200);
      }
    });

    it('403 without PRODUCTS:READ, 401 without a token', async () => {
      const tenant = await createTenant(app);
      const product = await post(tenant, '/v1/products', { name: 'Scoped' });
      const flowsOnly = await createKey(app, tenant, ['FLOWS:READ']);
      const readOnly = await createKey(app, tenant, ['PRODUCTS:READ']);
      for (const url of routes(product.id)) {
        const denied = await call(app, 'GET', url, { token: flowsOnly });
        expectError(denied, 403, 'INSUFFICIENT_SCOPE');
        expectError(await call(app, 'GET', url), 401, 'UNAUTHENTICATED');
        expect((await call(app, 'GET', url, { token: readOnly })).status).toBe(200);
      }
    });
  });
});
