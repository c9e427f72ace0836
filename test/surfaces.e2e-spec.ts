import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { call, createKey, createTenant, createTestApp, type TestTenant } from './support/test-app';

describe('surfaces', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const setup = async (tenant?: TestTenant) => {
    const owner = tenant ?? (await createTenant(app));
    const product = await call(app, 'POST', '/v1/products', { token: owner.key, body: { name: 'Product' } });
    return { owner, productId: product.body.id as string };
  };

  const createSurface = async (owner: TestTenant, productId: string, body: Record<string, unknown>) => {
    const res = await call(app, 'POST', `/v1/products/${productId}/surfaces`, { token: owner.key, body });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates a surface with defaults and empty items and keys', async () => {
    const { owner, productId } = await setup();
    const surface = await createSurface(owner, productId, {
      name: 'Public API',
      type: 'api',
      config: { rateLimit: { perDay: 5000, perMinute: 60 }, type: 'api' },
      status: 'active',
    });
    expect(surface).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      productId,
      name: 'Public API',
      type: 'api',
      status: 'active',
      environment: 'development',
      config: { rateLimit: { perDay: 5000, perMinute: 60 }, type: 'api' },
      behavior: null,
      inbound: null,
      outbound: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      items: [],
      keys: [],
    });

    const fetched = await call(app, 'GET', `/v1/products/${productId}/surfaces/${surface.id}`, {
      token: owner.key,
    });
    expect(fetched.body).toEqual(surface);
  });

  it('lists the product’s surfaces only', async () => {
    const { owner, productId } = await setup();
    const other = await setup(owner);
    const a = await createSurface(owner, productId, { name: 'A', type: 'chat' });
    const b = await createSurface(owner, productId, { name: 'B', type: 'web', environment: 'production' });
    await createSurface(owner, other.productId, { name: 'C', type: 'chat' });
    const res = await call(app, 'GET', `/v1/products/${productId}/surfaces?includeCount=true`, {
      token: owner.key,
    });
    expect(res.body.data.map((s: { id: string }) => s.id)).toEqual([b.id, a.id]);
    expect(res.body.data[0]).toMatchObject({ environment: 'production', items: [], keys: [] });
    expect(res.body.pagination.totalCount).toBe(2);
  });

  it('updates partially, shallow-merging behavior', async () => {
    const { owner, productId } = await setup();
    const surface = await createSurface(owner, productId, {
      name: 'Chat',
      type: 'chat',
      behavior: { greeting: 'hi', tone: { style: 'formal' } },
      inbound: { a: 1 },
    });
    const res = await call(app, 'PUT', `/v1/products/${productId}/surfaces/${surface.id}`, {
      token: owner.key,
      body: {
        name: 'Chat v2',
        behavior: { tone: { emoji: true } },
        environment: 'production',
        inbound: null,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: surface.id,
      name: 'Chat v2',
      type: 'chat',
      environment: 'production',
      behavior: { greeting: 'hi', tone: { emoji: true } },
      inbound: null,
    });
  });

  it('400 when trying to change type, or with bad enums, unknown fields and missing fields', async () => {
    const { owner, productId } = await setup();
    const surface = await createSurface(owner, productId, { name: 'Chat', type: 'chat' });
    const typeChange = await call(app, 'PUT', `/v1/products/${productId}/surfaces/${surface.id}`, {
      token: owner.key,
      body: { type: 'api' },
    });
    expect(typeChange.status).toBe(400);
    expect(typeChange.body.details).toEqual([
      expect.objectContaining({ path: 'type', message: 'Unknown field' }),
    ]);

    for (const [body, path] of [
      [{ name: 'x' }, 'type'],
      [{ name: 'x', type: 'carrier-pigeon' }, 'type'],
      [{ name: 'x', type: 'chat', environment: 'moon' }, 'environment'],
      [{ name: '', type: 'chat' }, 'name'],
      [{ name: 'x', type: 'chat', inbound: 'nope' }, 'inbound'],
    ] as const) {
      const res = await call(app, 'POST', `/v1/products/${productId}/surfaces`, { token: owner.key, body });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const list = await call(app, 'GET', `/v1/products/${productId}/surfaces?includeCount=true`, {
      token: owner.key,
    });
    expect(list.body.pagination.totalCount).toBe(1);
  });

  it('deletes a surface', async () => {
    const { owner, productId } = await setup();
    const surface = await createSurface(owner, productId, { name: 'Chat', type: 'chat' });
    const res = await call(app, 'DELETE', `/v1/products/${productId}/surfaces/${surface.id}`, {
      token: owner.key,
    });
    expect(res.body).toEqual({ id: surface.id, deleted: true });
    const gone = await call(app, 'GET', `/v1/products/${productId}/surfaces/${surface.id}`, {
      token: owner.key,
    });
    expect(gone.status).toBe(404);
  });

  it('404 for another tenant’s product or surface, and for a surface under the wrong product', async () => {
    const { owner, productId } = await setup();
    const surface = await createSurface(owner, productId, { name: 'Chat', type: 'chat' });
    const stranger = await createTenant(app);
    const base = `/v1/products/${productId}/surfaces`;
    for (const [method, url, body] of [
      ['GET', base, undefined],
      ['POST', base, { name: 'x', type: 'chat' }],
      ['GET', `${base}/${surface.id}`, undefined],
      ['PUT', `${base}/${surface.id}`, { name: 'x' }],
      ['DELETE', `${base}/${surface.id}`, undefined],
    ] as const) {
      const res = await call(app, method, url, { token: stranger.key, body });
      expect({ method, url, status: res.status }).toEqual({ method, url, status: 404 });
    }
    const otherProduct = await setup(owner);
    const crossed = await call(app, 'GET', `/v1/products/${otherProduct.productId}/surfaces/${surface.id}`, {
      token: owner.key,
    });
    expect(crossed.status).toBe(404);
  });

  it('403 for a key without PRODUCTS:WRITE', async () => {
    const { owner, productId } = await setup();
    const readOnly = await createKey(app, owner, ['PRODUCTS:READ']);
    const res = await call(app, 'POST', `/v1/products/${productId}/surfaces`, {
      token: readOnly,
      body: { name: 'x', type: 'chat' },
    });
    expect(res.status).toBe(403);
    expect((await call(app, 'GET', `/v1/products/${productId}/surfaces`, { token: readOnly })).status).toBe(
      200,
    );
  });
});
