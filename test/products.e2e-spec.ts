import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { call, createKey, createTenant, createTestApp, type TestTenant, createVia } from './support/test-app';

describe('products', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const createProduct = async (
    tenant: TestTenant,
    body: Record<string, unknown> = { name: 'Support Bot' },
  ) => {
    const res = await call(app, 'POST', '/v1/products', { token: tenant.key, body });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates a product with the documented shape', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant, {
      name: 'SmartHome AI Assistant',
      description: 'An AI-powered assistant',
      icon: '🏠🤖',
      canvas: { nodes: [] },
      spec: { version: 1 },
    });
    expect(product).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'SmartHome AI Assistant',
      description: 'An AI-powered assistant',
      icon: '🏠🤖',
      canvas: { nodes: [] },
      spec: { version: 1 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      capabilities: [],
      surfaces: [],
      testApiKey: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'SmartHome AI Assistant Test Key',
        key: expect.stringMatching(/^papi_test_[\w-]{43}$/),
        prefix: product.testApiKey.key.slice(0, 12),
        limits: { dailyExecutions: 1000, lifetimeExecutions: 100000 },
        canRevealLater: true,
      },
      dashboardUrl: `https://dashboard.runtype.com/products/${product.id}`,
    });

    // GET shows the product without its test key (the plaintext is shown once, then revealed on demand).
    const fetched = await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key });
    expect(fetched.status).toBe(200);
    const { testApiKey, ...withoutKey } = product;
    expect(fetched.body).toEqual(withoutKey);
    const revealed = await call(app, 'GET', `/v1/products/${product.id}/test-key/reveal`, {
      token: tenant.key,
    });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ id: testApiKey.id, key: testApiKey.key });
  });

  it('embeds capabilities by displayOrder and surfaces with their items and keys', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant);
    const post = (url: string, body: Record<string, unknown>) => createVia(app, tenant, url, body);
    const flow = await post('/v1/flows', {
      name: 'Flow',
      steps: [{ name: 'only', type: 'transform', config: { template: '{{inputs.q}}' } }],
    });
    const search = await post(`/v1/products/${product.id}/capabilities`, {
      capabilityName: 'Search',
      flowId: flow.id,
    });
    const agent = await post(`/v1/products/${product.id}/capabilities`, {
      capabilityName: 'Agent',
      agentId: 'agent_1',
    });
    const chat = await post(`/v1/products/${product.id}/surfaces`, { name: 'Chat', type: 'chat' });
    const api = await post(`/v1/products/${product.id}/surfaces`, { name: 'API', type: 'api' });
    await post(`/v1/products/${product.id}/surfaces/${chat.id}/items`, {
      capabilityId: agent.id,
      endpointSlug: 'agent',
      isEntryPoint: true,
    });
    await post(`/v1/products/${product.id}/surfaces/${chat.id}/items`, {
      capabilityId: search.id,
      config: { k: 1 },
    });

    const res = await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key });
    expect(res.status).toBe(200);
    expect(res.body.capabilities).toEqual([search, agent]);
    // Each embedded surface is exactly what GET …/surfaces/:surfaceId shows (oldest first).
    const detail = async (surfaceId: string) =>
      (await call(app, 'GET', `/v1/products/${product.id}/surfaces/${surfaceId}`, { token: tenant.key }))
        .body;
    expect(res.body.surfaces).toEqual([await detail(chat.id), await detail(api.id)]);
    expect(res.body.surfaces[0].items.map((i: { capabilityName: string }) => i.capabilityName)).toEqual([
      'Agent',
      'Search',
    ]);
    expect(res.body.surfaces[1]).toMatchObject({ items: [], keys: [] });

    // Removing a capability takes its items off the embedded surfaces too.
    await call(app, 'DELETE', `/v1/products/${product.id}/capabilities/${search.id}`, { token: tenant.key });
    const again = await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key });
    expect(again.body.capabilities).toEqual([agent]);
    expect(again.body.surfaces[0].items.map((i: { capabilityId: string }) => i.capabilityId)).toEqual([
      agent.id,
    ]);
  });

  it('embeds at most the 100 oldest surfaces', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant);
    const ids: string[] = [];
    for (let i = 0; i < 101; i++) {
      const res = await call(app, 'POST', `/v1/products/${product.id}/surfaces`, {
        token: tenant.key,
        body: { name: `S${i}`, type: 'api' },
      });
      ids.push(res.body.id);
    }
    const res = await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key });
    expect(res.body.surfaces.map((s: { id: string }) => s.id)).toEqual(ids.slice(0, 100));
  });

  it('defaults canvas and spec to empty objects and nullable fields to null', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant, { name: 'Minimal' });
    expect(product).toMatchObject({ description: null, icon: null, canvas: {}, spec: {} });
  });

  it('deep-merges canvas and spec on update and replaces scalars', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant, {
      name: 'Merge me',
      canvas: { layout: { x: 1, y: 2 }, tags: ['a'] },
      spec: { a: { b: 1, c: 2 } },
    });
    const res = await call(app, 'PUT', `/v1/products/${product.id}`, {
      token: tenant.key,
      body: {
        name: 'Merged',
        canvas: { layout: { y: 3, z: 4 }, tags: ['b'] },
        spec: { a: { c: null, d: 5 } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: product.id,
      name: 'Merged',
      canvas: { layout: { x: 1, y: 3, z: 4 }, tags: ['b'] },
      spec: { a: { b: 1, c: null, d: 5 } },
      dashboardUrl: `https://dashboard.runtype.com/products/${product.id}`,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(product.updatedAt));
  });

  it('keeps every concurrent deep-merge (no lost update)', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant, { name: 'Concurrent', canvas: {} });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(app, 'PUT', `/v1/products/${product.id}`, {
          token: tenant.key,
          body: { canvas: { [`k${i}`]: i } },
        }),
      ),
    );
    const res = await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key });
    expect(res.body.canvas).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7 });
  });

  it('lists newest first with cursor pagination and an optional count', async () => {
    const tenant = await createTenant(app);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createProduct(tenant, { name: `P${i}` })).id);
    const newestFirst = [...ids].reverse();

    const first = await call(app, 'GET', '/v1/products?limit=2&includeCount=true', { token: tenant.key });
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.pagination).toMatchObject({
      currentOffset: 0,
      hasMore: true,
      hasPrev: false,
      limit: 2,
      currentPage: 1,
      totalCount: 5,
      totalPages: 3,
      prevCursor: null,
    });

    const second = await call(app, 'GET', `/v1/products?limit=2&cursor=${first.body.pagination.nextCursor}`, {
      token: tenant.key,
    });
    expect(second.body.data.map((p: { id: string }) => p.id)).toEqual(newestFirst.slice(2, 4));
    expect(second.body.pagination).toMatchObject({
      currentOffset: 2,
      currentPage: 2,
      hasPrev: true,
      totalCount: null,
    });

    const back = await call(app, 'GET', `/v1/products?limit=2&cursor=${second.body.pagination.prevCursor}`, {
      token: tenant.key,
    });
    expect(back.body.data.map((p: { id: string }) => p.id)).toEqual(newestFirst.slice(0, 2));
    expect(back.body.pagination).toMatchObject({ currentOffset: 0, hasPrev: false, hasMore: true });

    const search = await call(app, 'GET', '/v1/products?search=p3', { token: tenant.key });
    expect(search.body.data.map((p: { name: string }) => p.name)).toEqual(['P3']);
  });

  it('deletes a product and its surfaces', async () => {
    const tenant = await createTenant(app);
    const product = await createProduct(tenant);
    const surface = await call(app, 'POST', `/v1/products/${product.id}/surfaces`, {
      token: tenant.key,
      body: { name: 'Chat', type: 'chat' },
    });
    const res = await call(app, 'DELETE', `/v1/products/${product.id}`, { token: tenant.key });
    expect(res.body).toEqual({ id: product.id, deleted: true });
    expect((await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key })).status).toBe(404);
    const orphan = await call(app, 'GET', `/v1/products/${product.id}/surfaces/${surface.body.id}`, {
      token: tenant.key,
    });
    expect(orphan.status).toBe(404);
    expect((await call(app, 'DELETE', `/v1/products/${product.id}`, { token: tenant.key })).status).toBe(404);
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: 'x', icon: 'i'.repeat(51) }, 'icon'],
    [{ name: 'x', canvas: [] }, 'canvas'],
    [{ name: 'x', unknownField: true }, 'unknownField'],
  ])('400 with details for %j', async (body, path) => {
    const tenant = await createTenant(app);
    const res = await call(app, 'POST', '/v1/products', { token: tenant.key, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('400 for malformed JSON and for updating with a bad body', async () => {
    const tenant = await createTenant(app);
    const malformed = await call(app, 'POST', '/v1/products', {
      token: tenant.key,
      rawBody: '{"name": "x",',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_JSON');

    const product = await createProduct(tenant);
    const bad = await call(app, 'PUT', `/v1/products/${product.id}`, {
      token: tenant.key,
      body: { spec: 'nope' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('spec');
    const unchanged = await call(app, 'GET', `/v1/products/${product.id}`, { token: tenant.key });
    expect(unchanged.body.spec).toEqual({});
  });

  it('hides another tenant’s product on every route (404)', async () => {
    const owner = await createTenant(app);
    const stranger = await createTenant(app);
    const product = await createProduct(owner);
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: 'hijack' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(app, method, `/v1/products/${product.id}`, { token: stranger.key, body });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const list = await call(app, 'GET', '/v1/products', { token: stranger.key });
    expect(list.body.data).toEqual([]);
    expect((await call(app, 'GET', `/v1/products/${product.id}`, { token: owner.key })).body.name).toBe(
      'Support Bot',
    );
    expect((await call(app, 'GET', '/v1/products/not-a-uuid', { token: owner.key })).status).toBe(404);
  });

  it('403 for a key without PRODUCTS:WRITE', async () => {
    const tenant = await createTenant(app);
    const readOnly = await createKey(app, tenant, ['PRODUCTS:READ']);
    const product = await createProduct(tenant);
    for (const [method, url] of [
      ['POST', '/v1/products'],
      ['PUT', `/v1/products/${product.id}`],
      ['DELETE', `/v1/products/${product.id}`],
    ] as const) {
      const res = await call(app, method, url, {
        token: readOnly,
        body: method === 'DELETE' ? undefined : { name: 'n' },
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('INSUFFICIENT_SCOPE');
    }
    expect((await call(app, 'GET', `/v1/products/${product.id}`, { token: readOnly })).status).toBe(200);
  });
});
