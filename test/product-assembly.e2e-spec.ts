import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tenantIdOf } from '@app/core';
import { PrismaService } from '@app/database';
import { expectError, issuePaths } from './support/assertions';
import { call, createKey, createTenant, createTestApp, type TestTenant } from './support/test-app';

const steps = [{ name: 'shape', type: 'transform', config: { template: { q: '{{inputs.query}}' } } }];

/** A full FPO: an inline-flow capability, an existing-flow capability, 2 surfaces, items and a schedule. */
const fullFpo = (flowId: string) => ({
  _meta: { schemaVersion: '1', generatorVersion: 'test' },
  version: 1,
  product: { name: 'Assembled', description: 'From an FPO', canvas: { x: 1 } },
  capabilities: [
    {
      id: 'cap-search',
      name: 'Search',
      description: 'Inline flow',
      flow: { name: 'Search flow', steps },
      parametersSchema: { type: 'object' },
    },
    { id: 'cap-existing', name: 'Existing', flowId, enabled: false },
  ],
  surfaces: [
    {
      id: 'srf-api',
      name: 'API',
      type: 'api',
      environment: 'test',
      items: [
        { capabilityId: 'cap-search', endpointSlug: 'search', isEntryPoint: true },
        { capabilityId: 'cap-existing', endpointSlug: 'existing', exposedName: 'Existing one' },
      ],
      schedules: [
        {
          id: 'sch-daily',
          name: 'Daily',
          capabilityId: 'cap-search',
          recordType: 'company',
          triggerType: 'recurring',
          cron: '0 8 * * *',
          timezone: 'America/New_York',
          inputs: { query: 'x' },
        },
      ],
    },
    { id: 'srf-chat', name: 'Chat', type: 'chat', items: [{ capabilityId: 'cap-existing' }] },
  ],
  tools: [{ anything: true }],
});

describe('product assembly', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
  });
  afterAll(async () => {
    await app.close();
  });

  const createFlow = async (owner: TestTenant): Promise<string> => {
    const res = await call(app, 'POST', '/v1/flows', { token: owner.key, body: { name: 'Flow', steps } });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  const rowCounts = async (owner: TestTenant) => {
    const tenantId = tenantIdOf(owner.userId, owner.orgId);
    const where = { tenantId };
    return {
      products: await prisma.product.count({ where }),
      flows: await prisma.flow.count({ where }),
      capabilities: await prisma.capability.count({ where }),
      surfaces: await prisma.surface.count({ where }),
      surfaceItems: await prisma.surfaceItem.count({ where }),
      schedules: await prisma.schedule.count({ where }),
      surfaceKeys: await prisma.surfaceKey.count({ where }),
    };
  };

  it('assembles a full FPO in one go and GET /v1/products/:id shows it all', async () => {
    const owner = await createTenant(app);
    const flowId = await createFlow(owner);
    const res = await call(app, 'POST', '/v1/products/assemble', { token: owner.key, body: fullFpo(flowId) });
    expect(res.status).toBe(201);
    const body = res.body;
    expect(body.capabilities.map((c: { fpoId: string }) => c.fpoId)).toEqual(['cap-search', 'cap-existing']);
    expect(body.surfaces.map((s: { fpoId: string }) => s.fpoId)).toEqual(['srf-api', 'srf-chat']);
    expect(body.schedules).toEqual([{ fpoId: 'sch-daily', id: expect.any(String) }]);
    expect(body.flows).toEqual([{ fpoId: 'cap-search', id: expect.any(String) }]);
    expect(body.testApiKey).toEqual(
      expect.objectContaining({ key: expect.stringMatching(/^papi_test_/), canRevealLater: true }),
    );

    const got = await call(app, 'GET', `/v1/products/${body.product.id}`, { token: owner.key });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(body.product);
    expect(got.body).toMatchObject({ name: 'Assembled', description: 'From an FPO', canvas: { x: 1 } });
    const [search, existing] = got.body.capabilities;
    expect(search).toMatchObject({
      id: body.capabilities[0].id,
      capabilityName: 'Search',
      flowId: body.flows[0].id,
      displayOrder: 1,
      parametersSchema: { type: 'object' },
    });
    expect(existing).toMatchObject({ id: body.capabilities[1].id, flowId, enabled: false, displayOrder: 2 });
    expect(got.body.surfaces).toHaveLength(2);
    expect(got.body.surfaces[0]).toMatchObject({ id: body.surfaces[0].id, name: 'API', type: 'api' });
    expect(got.body.surfaces[0].items.map((item: { capabilityId: string }) => item.capabilityId)).toEqual([
      search.id,
      existing.id,
    ]);
    expect(got.body.surfaces[0].items.map((item: { endpointSlug: string }) => item.endpointSlug)).toEqual([
      'search',
      'existing',
    ]);
    expect(got.body.surfaces[1].items).toHaveLength(1);

    const inline = await call(app, 'GET', `/v1/flows/${body.flows[0].id}`, { token: owner.key });
    expect(inline.body).toMatchObject({ name: 'Search flow', steps });

    const schedule = await call(
      app,
      'GET',
      `/v1/products/${body.product.id}/surfaces/${body.surfaces[0].id}/schedules/${body.schedules[0].id}`,
      { token: owner.key },
    );
    expect(schedule.status).toBe(200);
    expect(schedule.body).toMatchObject({
      name: 'Daily',
      flowId: body.flows[0].id,
      cron: '0 8 * * *',
      timezone: 'America/New_York',
      recordType: 'company',
      inputs: { query: 'x' },
      nextRunAt: expect.any(String),
    });
  });

  it('validate answers valid:true and creates nothing', async () => {
    const full = await createTenant(app);
    const flowId = await createFlow(full);
    const readKey = await createKey(app, full, ['PRODUCTS:READ']);
    const before = await rowCounts(full);
    const res = await call(app, 'POST', '/v1/products/validate', { token: readKey, body: fullFpo(flowId) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: true, errors: [] });
    expect(await rowCounts(full)).toEqual(before);
  });

  it('lists every problem with its path (400) and creates nothing', async () => {
    const owner = await createTenant(app);
    const flowId = await createFlow(owner);
    const fpo = fullFpo(flowId) as Record<string, any>;
    fpo.capabilities[1] = {
      id: 'cap-search',
      name: 'Broken',
      flow: { name: 'Broken flow', steps: [{ name: 'x', type: 'teleport', config: {} }] },
    };
    fpo.capabilities.push({ id: 'cap-none', name: 'No target' });
    fpo.surfaces[0].items[1] = { capabilityId: 'cap-ghost', endpointSlug: 'search' };
    fpo.surfaces[0].schedules.push({ id: 'sch-once', capabilityId: 'cap-search', triggerType: 'one_time' });
    fpo.surfaces[0].schedules[0].cron = 'every day';
    fpo.surfaces[0].schedules[0].timezone = 'Mars/Olympus';
    fpo.surfaces[1].type = 'carrier-pigeon';
    fpo.product.extra = true;

    const before = await rowCounts(owner);
    const res = await call(app, 'POST', '/v1/products/assemble', { token: owner.key, body: fpo });
    expect(issuePaths(res)).toEqual(
      [
        'product.extra',
        'capabilities[1].id',
        'capabilities[1].flow.steps[0].type',
        'capabilities[2]',
        'surfaces[0].items[1].capabilityId',
        'surfaces[0].items[1].endpointSlug',
        'surfaces[0].schedules[0].cron',
        'surfaces[0].schedules[0].timezone',
        'surfaces[0].schedules[1].runAt',
        'surfaces[1].items[0].capabilityId', // cap-existing was replaced
        'surfaces[1].type',
      ].sort(),
    );
    expect(await rowCounts(owner)).toEqual(before);

    const validated = await call(app, 'POST', '/v1/products/validate', { token: owner.key, body: fpo });
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(false);
    expect(validated.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      (res.body.details as Array<{ path: string }>).map((d) => d.path).sort(),
    );
    expect(validated.body.errors[0]).toEqual({
      path: expect.any(String),
      message: expect.any(String),
      code: expect.any(String),
    });
    expect(await rowCounts(owner)).toEqual(before);
  });

  it("refuses another tenant's flowId with its path", async () => {
    const owner = await createTenant(app);
    const other = await createTenant(app);
    const foreignFlow = await createFlow(other);
    const before = await rowCounts(owner);
    const fpo = fullFpo(foreignFlow);
    const res = await call(app, 'POST', '/v1/products/assemble', { token: owner.key, body: fpo });
    expect(issuePaths(res)).toEqual(['capabilities[1].flowId']);
    expect(await rowCounts(owner)).toEqual(before);
  });

  it('5 concurrent assembles with one Idempotency-Key create one product and answer the same', async () => {
    const owner = await createTenant(app);
    const flowId = await createFlow(owner);
    const body = fullFpo(flowId);
    const headers = { 'idempotency-key': `assemble-${Date.now()}` };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(app, 'POST', '/v1/products/assemble', { token: owner.key, body, headers }),
      ),
    );
    expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
    for (const res of responses) expect(res.body).toEqual(responses[0].body);
    const counts = await rowCounts(owner);
    expect(counts).toMatchObject({ products: 1, capabilities: 2, surfaces: 2, schedules: 1, surfaceKeys: 1 });
    expect(counts.flows).toBe(2); // the existing one and the inline one

    const again = await call(app, 'POST', '/v1/products/assemble', { token: owner.key, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(responses[0].body);

    const changed = { ...body, product: { name: 'Different' } };
    const reused = await call(app, 'POST', '/v1/products/assemble', {
      token: owner.key,
      body: changed,
      headers,
    });
    expectError(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect((await rowCounts(owner)).products).toBe(1);
  });

  it('needs PRODUCTS:WRITE to assemble (403) and a credential (401)', async () => {
    const owner = await createTenant(app);
    const flowId = await createFlow(owner);
    const readKey = await createKey(app, owner, ['PRODUCTS:READ']);
    const forbidden = await call(app, 'POST', '/v1/products/assemble', {
      token: readKey,
      body: fullFpo(flowId),
    });
    expectError(forbidden, 403, 'INSUFFICIENT_SCOPE');
    const anonymous = await call(app, 'POST', '/v1/products/assemble', { body: fullFpo(flowId) });
    expectError(anonymous, 401, 'UNAUTHENTICATED');
    const anonymousValidate = await call(app, 'POST', '/v1/products/validate', { body: fullFpo(flowId) });
    expectError(anonymousValidate, 401, 'UNAUTHENTICATED');
    expect((await rowCounts(owner)).products).toBe(0);
  });
});
