import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { expectError, issuePaths } from './support/assertions';
import { call, createKey, createTenant, createTestApp, type TestTenant, createVia } from './support/test-app';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MISSING = '01936d5e-0000-7000-8000-000000000000';

describe('surface items', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  interface World {
    owner: TestTenant;
    productId: string;
    surfaceId: string;
    capabilityId: string;
    /** `/v1/products/:id/surfaces/:surfaceId/items` */
    items: string;
  }

  const post = (owner: TestTenant, url: string, body: Record<string, unknown>) =>
    createVia(app, owner, url, body);

  /** A product with one flow capability and one surface; pass `owner` for a second one of the same tenant. */
  const setup = async (tenant?: TestTenant): Promise<World> => {
    const owner = tenant ?? (await createTenant(app));
    const product = await post(owner, '/v1/products', { name: 'Product' });
    const flow = await post(owner, '/v1/flows', {
      name: 'Flow',
      steps: [{ name: 'only', type: 'transform', config: { template: '{{inputs.q}}' } }],
    });
    const capability = await post(owner, `/v1/products/${product.id}/capabilities`, {
      capabilityName: 'User Authentication Flow',
      flowId: flow.id,
    });
    const surface = await post(owner, `/v1/products/${product.id}/surfaces`, { name: 'API', type: 'api' });
    return {
      owner,
      productId: product.id,
      surfaceId: surface.id,
      capabilityId: capability.id,
      items: `/v1/products/${product.id}/surfaces/${surface.id}/items`,
    };
  };

  const surfaceItems = async (world: World) => {
    const res = await call(app, 'GET', `/v1/products/${world.productId}/surfaces/${world.surfaceId}`, {
      token: world.owner.key,
    });
    expect(res.status).toBe(200);
    return res.body.items;
  };

  describe('create', () => {
    it('exposes a capability with every field (201), shown the same in GET surface', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        exposedName: 'User Authentication',
        exposedDescription: 'Provides user login and session management capabilities.',
        endpointSlug: 'user-authentication',
        isEntryPoint: true,
        enabled: true,
        config: { timeoutMs: 1000, auth: { required: true } },
        presentation: { icon: 'lock', color: '#333' },
      });
      expect(item).toEqual({
        id: expect.stringMatching(UUID_V7),
        surfaceId: world.surfaceId,
        capabilityId: world.capabilityId,
        capabilityName: 'User Authentication Flow',
        agentId: null,
        exposedName: 'User Authentication',
        exposedDescription: 'Provides user login and session management capabilities.',
        endpointSlug: 'user-authentication',
        isEntryPoint: true,
        enabled: true,
        displayOrder: 1,
        config: { timeoutMs: 1000, auth: { required: true } },
        presentation: { icon: 'lock', color: '#333' },
        createdAt: expect.stringMatching(ISO),
      });
      expect(await surfaceItems(world)).toEqual([item]);
    });

    it('defaults the optional fields and numbers items per surface', async () => {
      const world = await setup();
      const first = await post(world.owner, world.items, { capabilityId: world.capabilityId.toUpperCase() });
      expect(first).toMatchObject({
        capabilityId: world.capabilityId,
        exposedName: null,
        exposedDescription: null,
        endpointSlug: null,
        isEntryPoint: false,
        enabled: true,
        displayOrder: 1,
        config: null,
        presentation: null,
      });
      // Items without a slug do not clash with each other.
      const second = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        endpointSlug: null,
      });
      expect(second.displayOrder).toBe(2);

      const otherSurface = await post(world.owner, `/v1/products/${world.productId}/surfaces`, {
        name: 'Chat',
        type: 'chat',
      });
      const elsewhere = await post(
        world.owner,
        `/v1/products/${world.productId}/surfaces/${otherSurface.id}/items`,
        {
          capabilityId: world.capabilityId,
        },
      );
      expect(elsewhere.displayOrder).toBe(1);
      expect(await surfaceItems(world)).toEqual([first, second]);
    });

    it('shows an agent capability’s agentId on its items', async () => {
      const world = await setup();
      const agent = await post(world.owner, `/v1/products/${world.productId}/capabilities`, {
        capabilityName: 'Agent',
        agentId: 'agent_42',
      });
      const item = await post(world.owner, world.items, { capabilityId: agent.id });
      expect(item).toMatchObject({ capabilityId: agent.id, capabilityName: 'Agent', agentId: 'agent_42' });
    });

    it('assigns distinct displayOrders to concurrent creates', async () => {
      const world = await setup();
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          call(app, 'POST', world.items, {
            token: world.owner.key,
            body: { capabilityId: world.capabilityId, endpointSlug: `slug-${i}` },
          }),
        ),
      );
      expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
      expect(responses.map((res) => res.body.displayOrder as number).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5,
      ]);
      const listed = await surfaceItems(world);
      expect(listed.map((i: { displayOrder: number }) => i.displayOrder)).toEqual([1, 2, 3, 4, 5]);
    });

    it('409 CONFLICT naming the slug when it is taken on the surface (free on another surface)', async () => {
      const world = await setup();
      await post(world.owner, world.items, { capabilityId: world.capabilityId, endpointSlug: 'lookup' });
      const clash = await call(app, 'POST', world.items, {
        token: world.owner.key,
        body: { capabilityId: world.capabilityId, endpointSlug: 'lookup' },
      });
      expectError(clash, 409, 'CONFLICT');
      expect(clash.body.details).toEqual({ endpointSlug: 'lookup' });
      expect(clash.body.error).toContain('lookup');

      const otherSurface = await post(world.owner, `/v1/products/${world.productId}/surfaces`, {
        name: 'Other',
        type: 'api',
      });
      await post(world.owner, `/v1/products/${world.productId}/surfaces/${otherSurface.id}/items`, {
        capabilityId: world.capabilityId,
        endpointSlug: 'lookup',
      });
      expect(await surfaceItems(world)).toHaveLength(1);
    });

    it.each([
      ['no capabilityId', { capabilityId: undefined }, ['capabilityId']],
      ['a malformed capabilityId', { capabilityId: 'cap_1' }, ['capabilityId']],
      ['an uppercase slug', { endpointSlug: 'User-Auth' }, ['endpointSlug']],
      ['a slug with a space', { endpointSlug: 'user auth' }, ['endpointSlug']],
      ['an empty slug', { endpointSlug: '' }, ['endpointSlug']],
      ['a 101-character slug', { endpointSlug: 'a'.repeat(101) }, ['endpointSlug']],
      ['a 101-character exposedName', { exposedName: 'n'.repeat(101) }, ['exposedName']],
      ['a non-boolean isEntryPoint', { isEntryPoint: 'yes' }, ['isEntryPoint']],
      ['a non-boolean enabled', { enabled: 1 }, ['enabled']],
      ['an array config', { config: [1] }, ['config']],
      ['a string presentation', { presentation: 'card' }, ['presentation']],
      ['unknown fields', { displayOrder: 3, surfaceId: MISSING }, ['displayOrder', 'surfaceId']],
    ])('400 with details for %s (nothing created)', async (_, body, paths) => {
      const world = await setup();
      const res = await call(app, 'POST', world.items, {
        token: world.owner.key,
        body: { capabilityId: world.capabilityId, ...body },
      });
      expect(issuePaths(res)).toEqual(paths);
      expect(await surfaceItems(world)).toEqual([]);
    });

    it('accepts a 100-character slug and exposedName', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        endpointSlug: 'a-0'.repeat(33) + 'z',
        exposedName: 'n'.repeat(100),
      });
      expect(item.endpointSlug).toHaveLength(100);
    });
  });

  describe('update', () => {
    it('updates only the fields given, deep-merging config and clearing nullable strings', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        exposedName: 'Lookup',
        exposedDescription: 'Finds things',
        endpointSlug: 'lookup',
        config: { limits: { perMinute: 60, perDay: 5000 }, tags: ['a'], mode: 'fast' },
        presentation: { icon: 'search' },
      });
      const res = await call(app, 'PUT', `${world.items}/${item.id}`, {
        token: world.owner.key,
        body: {
          exposedDescription: null,
          endpointSlug: 'lookup-v2',
          isEntryPoint: true,
          enabled: false,
          config: { limits: { perDay: 100 }, tags: ['b'], mode: null, extra: { on: true } },
        },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...item,
        exposedDescription: null,
        endpointSlug: 'lookup-v2',
        isEntryPoint: true,
        enabled: false,
        config: { limits: { perMinute: 60, perDay: 100 }, tags: ['b'], mode: null, extra: { on: true } },
      });

      const cleared = await call(app, 'PUT', `${world.items}/${item.id}`, {
        token: world.owner.key,
        body: { exposedName: null, endpointSlug: null, config: null, presentation: { icon: 'star' } },
      });
      expect(cleared.body).toEqual({
        ...res.body,
        exposedName: null,
        endpointSlug: null,
        config: null,
        presentation: { icon: 'star' },
      });

      const unchanged = await call(app, 'PUT', `${world.items}/${item.id}`, {
        token: world.owner.key,
        body: {},
      });
      expect(unchanged.body).toEqual(cleared.body);
      expect(await surfaceItems(world)).toEqual([cleared.body]);
    });

    it('keeps every concurrent config merge', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, { capabilityId: world.capabilityId, config: {} });
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          call(app, 'PUT', `${world.items}/${item.id}`, {
            token: world.owner.key,
            body: { config: { [`k${i}`]: i } },
          }),
        ),
      );
      expect(responses.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect((await surfaceItems(world))[0].config).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5 });
    });

    it('409 when renaming to a slug taken on the surface', async () => {
      const world = await setup();
      await post(world.owner, world.items, { capabilityId: world.capabilityId, endpointSlug: 'taken' });
      const item = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        endpointSlug: 'mine',
      });
      const res = await call(app, 'PUT', `${world.items}/${item.id}`, {
        token: world.owner.key,
        body: { endpointSlug: 'taken', exposedName: 'not applied' },
      });
      expectError(res, 409, 'CONFLICT');
      expect(res.body.details).toEqual({ endpointSlug: 'taken' });
      expect((await surfaceItems(world))[1]).toEqual(item);
    });

    it.each([
      [{ capabilityId: MISSING }, ['capabilityId']],
      [{ endpointSlug: 'No_Caps' }, ['endpointSlug']],
      [{ exposedName: 'n'.repeat(101) }, ['exposedName']],
      [{ isEntryPoint: null }, ['isEntryPoint']],
      [{ config: 'x', enabled: 'no' }, ['config', 'enabled']],
    ])('400 with details for %j', async (body, paths) => {
      const world = await setup();
      const item = await post(world.owner, world.items, { capabilityId: world.capabilityId });
      const res = await call(app, 'PUT', `${world.items}/${item.id}`, { token: world.owner.key, body });
      expect(issuePaths(res)).toEqual(paths);
      expect(await surfaceItems(world)).toEqual([item]);
    });
  });

  describe('delete', () => {
    it('removes the item (then 404)', async () => {
      const world = await setup();
      const kept = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        endpointSlug: 'a',
      });
      const item = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        endpointSlug: 'b',
      });
      const res = await call(app, 'DELETE', `${world.items}/${item.id}`, { token: world.owner.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: item.id, deleted: true });
      expect(await surfaceItems(world)).toEqual([kept]);
      expectError(
        await call(app, 'DELETE', `${world.items}/${item.id}`, { token: world.owner.key }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await call(app, 'PUT', `${world.items}/${item.id}`, {
          token: world.owner.key,
          body: { enabled: false },
        }),
        404,
        'NOT_FOUND',
      );
      // The capability itself stays.
      const product = await call(app, 'GET', `/v1/products/${world.productId}`, { token: world.owner.key });
      expect(product.body.capabilities.map((c: { id: string }) => c.id)).toEqual([world.capabilityId]);
    });

    it('goes with its surface', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, { capabilityId: world.capabilityId });
      await call(app, 'DELETE', `/v1/products/${world.productId}/surfaces/${world.surfaceId}`, {
        token: world.owner.key,
      });
      const res = await call(app, 'PUT', `${world.items}/${item.id}`, { token: world.owner.key, body: {} });
      expectError(res, 404, 'NOT_FOUND');
    });
  });

  describe('references and access', () => {
    it('404 Capability not found for a capability of another product, of another tenant, or unknown', async () => {
      const world = await setup();
      const sibling = await setup(world.owner);
      const stranger = await setup();
      for (const capabilityId of [sibling.capabilityId, stranger.capabilityId, MISSING]) {
        const res = await call(app, 'POST', world.items, { token: world.owner.key, body: { capabilityId } });
        expectError(res, 404, 'NOT_FOUND');
        expect(res.body.error).toBe('Capability not found');
      }
      expect(await surfaceItems(world)).toEqual([]);
    });

    it('404 for another tenant’s product, surface or item, and for paths that mix products, surfaces and items', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, {
        capabilityId: world.capabilityId,
        endpointSlug: 'x',
      });
      const stranger = await setup();
      for (const [method, url, body] of [
        ['POST', world.items, { capabilityId: stranger.capabilityId }],
        ['POST', world.items, { capabilityId: world.capabilityId }],
        ['PUT', `${world.items}/${item.id}`, { enabled: false }],
        ['DELETE', `${world.items}/${item.id}`, undefined],
      ] as const) {
        const res = await call(app, method, url, { token: stranger.owner.key, body });
        expect({ method, url, status: res.status }).toEqual({ method, url, status: 404 });
      }

      const sibling = await setup(world.owner);
      const surfaceUnderOtherProduct = `/v1/products/${sibling.productId}/surfaces/${world.surfaceId}/items`;
      const itemUnderOtherSurface = `${sibling.items}/${item.id}`;
      for (const [method, url, body] of [
        ['POST', surfaceUnderOtherProduct, { capabilityId: sibling.capabilityId }],
        ['PUT', `${surfaceUnderOtherProduct}/${item.id}`, { enabled: false }],
        ['DELETE', `${surfaceUnderOtherProduct}/${item.id}`, undefined],
        ['PUT', itemUnderOtherSurface, { enabled: false }],
        ['DELETE', itemUnderOtherSurface, undefined],
        [
          'POST',
          `/v1/products/${world.productId}/surfaces/${MISSING}/items`,
          { capabilityId: world.capabilityId },
        ],
        ['PUT', `${world.items}/not-a-uuid`, { enabled: false }],
        ['DELETE', `/v1/products/${world.productId}/surfaces/not-a-uuid/items/${item.id}`, undefined],
      ] as const) {
        const res = await call(app, method, url, { token: world.owner.key, body });
        expect({ method, url, status: res.status }).toEqual({ method, url, status: 404 });
        expectError(res, 404, 'NOT_FOUND');
      }
      expect(await surfaceItems(world)).toEqual([item]);
    });

    it('401 without credentials on every route', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, { capabilityId: world.capabilityId });
      for (const [method, url, body] of [
        ['POST', world.items, { capabilityId: world.capabilityId }],
        ['PUT', `${world.items}/${item.id}`, { enabled: false }],
        ['DELETE', `${world.items}/${item.id}`, undefined],
      ] as const) {
        expectError(await call(app, method, url, { body }), 401, 'UNAUTHENTICATED');
      }
    });

    it('403 for a PRODUCTS:READ key on every write route (nothing changes)', async () => {
      const world = await setup();
      const item = await post(world.owner, world.items, { capabilityId: world.capabilityId });
      const readOnly = await createKey(app, world.owner, ['PRODUCTS:READ']);
      for (const [method, url, body] of [
        ['POST', world.items, { capabilityId: world.capabilityId }],
        ['PUT', `${world.items}/${item.id}`, { enabled: false }],
        ['DELETE', `${world.items}/${item.id}`, undefined],
      ] as const) {
        const res = await call(app, method, url, { token: readOnly, body });
        expectError(res, 403, 'INSUFFICIENT_SCOPE');
        expect(res.body.details).toMatchObject({ required: 'PRODUCTS:WRITE' });
      }
      const read = await call(app, 'GET', `/v1/products/${world.productId}/surfaces/${world.surfaceId}`, {
        token: readOnly,
      });
      expect(read.body.items).toEqual([item]);
    });
  });
});
