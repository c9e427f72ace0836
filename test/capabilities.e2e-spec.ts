import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { expectError, issuePaths } from './support/assertions';
import { call, createKey, createTenant, createTestApp, type TestTenant } from './support/test-app';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MISSING = '01936d5e-0000-7000-8000-000000000000';

/** Steps referencing `inputs.query`, `inputs.address.city` (twice), the record and an earlier step. */
const inputSteps = [
  {
    name: 'shape',
    type: 'transform',
    config: { template: { q: '{{inputs.query}}', who: '{{_record.name}}', city: '{{inputs.address.city}}' } },
  },
  {
    name: 'again',
    type: 'transform',
    config: { template: { zip: '{{inputs.address.zip}}', prev: '{{steps.shape.output.q}}' } },
  },
];

describe('capabilities', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const createProduct = async (owner: TestTenant): Promise<string> => {
    const res = await call(app, 'POST', '/v1/products', { token: owner.key, body: { name: 'Product' } });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  const createFlow = async (owner: TestTenant, steps: unknown[] = inputSteps): Promise<string> => {
    const res = await call(app, 'POST', '/v1/flows', { token: owner.key, body: { name: 'Flow', steps } });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  const setup = async () => {
    const owner = await createTenant(app);
    const productId = await createProduct(owner);
    const flowId = await createFlow(owner);
    return { owner, productId, flowId, base: `/v1/products/${productId}/capabilities` };
  };

  const addCapability = async (owner: TestTenant, productId: string, body: Record<string, unknown>) => {
    const res = await call(app, 'POST', `/v1/products/${productId}/capabilities`, { token: owner.key, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body;
  };

  const productCapabilities = async (owner: TestTenant, productId: string) =>
    (await call(app, 'GET', `/v1/products/${productId}`, { token: owner.key })).body.capabilities;

  describe('create', () => {
    it('binds a flow with every field (201) and numbers capabilities 1, 2, …', async () => {
      const { owner, productId, flowId } = await setup();
      const parametersSchema = { type: 'object', properties: { query: { type: 'string' } } };
      const first = await addCapability(owner, productId, {
        capabilityName: 'User Authentication Flow',
        capabilityDescription: 'Handles user login and session management',
        flowId,
        agentId: '',
        parametersSchema,
        enabled: false,
      });
      expect(first).toEqual({
        id: expect.stringMatching(UUID_V7),
        productId,
        flowId,
        agentId: null,
        capabilityName: 'User Authentication Flow',
        capabilityDescription: 'Handles user login and session management',
        enabled: false,
        displayOrder: 1,
        createdAt: expect.stringMatching(ISO),
        parametersSchema,
      });

      const second = await addCapability(owner, productId, { capabilityName: 'Again', flowId });
      expect(second).toMatchObject({ displayOrder: 2, enabled: true, capabilityDescription: null });
      expect(second.parametersSchema).toBeNull();
      expect(await productCapabilities(owner, productId)).toEqual([first, second]);
    });

    it('binds an agent (flowId "" counts as absent; the agent id is kept as sent)', async () => {
      const { owner, productId } = await setup();
      const agent = await addCapability(owner, productId, {
        capabilityName: '  Support agent  ',
        agentId: 'agent_01jv0000000000000000000001',
        flowId: '',
        parametersSchema: null,
      });
      expect(agent).toMatchObject({
        flowId: null,
        agentId: 'agent_01jv0000000000000000000001',
        capabilityName: 'Support agent',
        parametersSchema: null,
        displayOrder: 1,
      });
    });

    it('assigns distinct displayOrders to concurrent creates', async () => {
      const { owner, productId, flowId } = await setup();
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          call(app, 'POST', `/v1/products/${productId}/capabilities`, {
            token: owner.key,
            body: { capabilityName: `C${i}`, flowId },
          }),
        ),
      );
      expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
      const orders = responses.map((res) => res.body.displayOrder as number).sort((a, b) => a - b);
      expect(orders).toEqual([1, 2, 3, 4, 5]);
      const listed = await productCapabilities(owner, productId);
      expect(listed.map((c: { displayOrder: number }) => c.displayOrder)).toEqual([1, 2, 3, 4, 5]);
    });

    it.each([
      ['neither flowId nor agentId', { capabilityName: 'x' }, ['agentId', 'flowId']],
      [
        'both flowId and agentId',
        { capabilityName: 'x', flowId: 'FLOW', agentId: 'agent_1' },
        ['agentId', 'flowId'],
      ],
      ['only empty ids', { capabilityName: 'x', flowId: '', agentId: '   ' }, ['agentId', 'flowId']],
      ['null ids', { capabilityName: 'x', flowId: null, agentId: null }, ['agentId', 'flowId']],
      ['no capabilityName', { flowId: 'FLOW' }, ['capabilityName']],
      ['an empty capabilityName', { capabilityName: '  ', flowId: 'FLOW' }, ['capabilityName']],
      [
        'a 101-character capabilityName',
        { capabilityName: 'n'.repeat(101), flowId: 'FLOW' },
        ['capabilityName'],
      ],
      ['a malformed flowId', { capabilityName: 'x', flowId: 'flow_1' }, ['flowId']],
      ['a non-boolean enabled', { capabilityName: 'x', flowId: 'FLOW', enabled: 'yes' }, ['enabled']],
      [
        'a non-string description',
        { capabilityName: 'x', flowId: 'FLOW', capabilityDescription: 1 },
        ['capabilityDescription'],
      ],
      ['an unknown field', { capabilityName: 'x', flowId: 'FLOW', refreshSchema: true }, ['refreshSchema']],
    ])('400 with details for %s (nothing created)', async (_, body, paths) => {
      const { owner, productId, flowId, base } = await setup();
      const withFlow = Object.fromEntries(
        Object.entries(body).map(([key, value]) => [key, value === 'FLOW' ? flowId : value]),
      );
      const res = await call(app, 'POST', base, { token: owner.key, body: withFlow });
      expect(issuePaths(res)).toEqual(paths);
      expect(await productCapabilities(owner, productId)).toEqual([]);
    });

    it('404 Flow not found for another tenant’s flow or an unknown one', async () => {
      const { owner, base } = await setup();
      const strangersFlow = await createFlow(await createTenant(app));
      for (const flowId of [strangersFlow, MISSING]) {
        const res = await call(app, 'POST', base, {
          token: owner.key,
          body: { capabilityName: 'x', flowId },
        });
        expectError(res, 404, 'NOT_FOUND');
        expect(res.body.error).toBe('Flow not found');
      }
    });
  });

  describe('update', () => {
    it('updates only the fields given', async () => {
      const { owner, productId, flowId, base } = await setup();
      const created = await addCapability(owner, productId, {
        capabilityName: 'Lookup',
        capabilityDescription: 'Finds things',
        flowId,
        parametersSchema: { type: 'object' },
      });
      const renamed = await call(app, 'PUT', `${base}/${created.id}`, {
        token: owner.key,
        body: { capabilityName: 'Lookup v2', enabled: false },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...created, capabilityName: 'Lookup v2', enabled: false });

      const cleared = await call(app, 'PUT', `${base}/${created.id}`, {
        token: owner.key,
        body: { capabilityDescription: null, parametersSchema: null },
      });
      expect(cleared.body).toEqual({
        ...renamed.body,
        capabilityDescription: null,
        parametersSchema: null,
      });

      const replaced = await call(app, 'PUT', `${base}/${created.id}`, {
        token: owner.key,
        body: { parametersSchema: ['any', 'json'], capabilityDescription: 'Again', enabled: true },
      });
      expect(replaced.body).toEqual({
        ...cleared.body,
        parametersSchema: ['any', 'json'],
        capabilityDescription: 'Again',
        enabled: true,
      });
      expect(await productCapabilities(owner, productId)).toEqual([replaced.body]);
    });

    it('refreshSchema derives an object schema from the flow’s inputs.* (and follows flow changes)', async () => {
      const { owner, productId, flowId, base } = await setup();
      const created = await addCapability(owner, productId, {
        capabilityName: 'Lookup',
        flowId,
        parametersSchema: { stale: true },
      });
      const refreshed = await call(app, 'PUT', `${base}/${created.id}`, {
        token: owner.key,
        body: { refreshSchema: true, capabilityName: 'Lookup (refreshed)' },
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual({
        ...created,
        capabilityName: 'Lookup (refreshed)',
        parametersSchema: { type: 'object', properties: { query: {}, address: {} }, required: [] },
      });
      expect(Object.keys(refreshed.body.parametersSchema.properties)).toEqual(['query', 'address']);

      const edited = await call(app, 'PUT', `/v1/flows/${flowId}`, {
        token: owner.key,
        body: { steps: [{ name: 'only', type: 'transform', config: { template: '{{inputs.email}}' } }] },
      });
      expect(edited.status).toBe(200);
      const again = await call(app, 'PUT', `${base}/${created.id}`, {
        token: owner.key,
        body: { refreshSchema: true },
      });
      expect(again.body.parametersSchema).toEqual({
        type: 'object',
        properties: { email: {} },
        required: [],
      });

      const noop = await call(app, 'PUT', `${base}/${created.id}`, {
        token: owner.key,
        body: { refreshSchema: false },
      });
      expect(noop.body).toEqual(again.body);
    });

    it('refreshSchema is a 400 for an agent capability, a deleted flow, or with parametersSchema', async () => {
      const { owner, productId, flowId, base } = await setup();
      const agent = await addCapability(owner, productId, { capabilityName: 'Agent', agentId: 'agent_1' });
      const flow = await addCapability(owner, productId, { capabilityName: 'Flow', flowId });

      const both = await call(app, 'PUT', `${base}/${flow.id}`, {
        token: owner.key,
        body: { refreshSchema: true, parametersSchema: {} },
      });
      expect(issuePaths(both)).toEqual(['refreshSchema']);

      const forAgent = await call(app, 'PUT', `${base}/${agent.id}`, {
        token: owner.key,
        body: { refreshSchema: true },
      });
      expect(issuePaths(forAgent)).toEqual(['refreshSchema']);

      expect((await call(app, 'DELETE', `/v1/flows/${flowId}`, { token: owner.key })).status).toBe(200);
      const orphaned = await call(app, 'PUT', `${base}/${flow.id}`, {
        token: owner.key,
        body: { refreshSchema: true, capabilityName: 'not applied' },
      });
      expect(issuePaths(orphaned)).toEqual(['refreshSchema']);
      expect(await productCapabilities(owner, productId)).toEqual([
        agent,
        { ...flow, flowId: null }, // the flow's deletion unbinds it; the failed update changed nothing
      ]);
    });

    it.each([
      [{ capabilityName: '' }, ['capabilityName']],
      [{ capabilityName: 'n'.repeat(101) }, ['capabilityName']],
      [{ enabled: null }, ['enabled']],
      [{ refreshSchema: 'yes' }, ['refreshSchema']],
      [{ flowId: MISSING, agentId: 'agent_1' }, ['agentId', 'flowId']],
    ])('400 with details for %j', async (body, paths) => {
      const { owner, productId, flowId, base } = await setup();
      const created = await addCapability(owner, productId, { capabilityName: 'Keep', flowId });
      const res = await call(app, 'PUT', `${base}/${created.id}`, { token: owner.key, body });
      expect(issuePaths(res)).toEqual(paths);
      expect(await productCapabilities(owner, productId)).toEqual([created]);
    });
  });

  describe('delete', () => {
    it('removes the capability and the surface items exposing it', async () => {
      const { owner, productId, flowId, base } = await setup();
      const kept = await addCapability(owner, productId, { capabilityName: 'Kept', flowId });
      const removed = await addCapability(owner, productId, { capabilityName: 'Removed', flowId });
      const surface = await call(app, 'POST', `/v1/products/${productId}/surfaces`, {
        token: owner.key,
        body: { name: 'API', type: 'api' },
      });
      const itemsUrl = `/v1/products/${productId}/surfaces/${surface.body.id}/items`;
      for (const [capabilityId, endpointSlug] of [
        [removed.id, 'removed-a'],
        [kept.id, 'kept'],
        [removed.id, 'removed-b'],
      ]) {
        const item = await call(app, 'POST', itemsUrl, {
          token: owner.key,
          body: { capabilityId, endpointSlug },
        });
        expect(item.status).toBe(201);
      }

      const res = await call(app, 'DELETE', `${base}/${removed.id}`, { token: owner.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: removed.id, deleted: true });

      const detail = await call(app, 'GET', `/v1/products/${productId}/surfaces/${surface.body.id}`, {
        token: owner.key,
      });
      expect(detail.body.items.map((i: { endpointSlug: string }) => i.endpointSlug)).toEqual(['kept']);
      expect(await productCapabilities(owner, productId)).toEqual([kept]);
      expectError(await call(app, 'DELETE', `${base}/${removed.id}`, { token: owner.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'PUT', `${base}/${removed.id}`, { token: owner.key, body: { enabled: false } }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('access', () => {
    it('401 without credentials on every route', async () => {
      const { owner, productId, flowId, base } = await setup();
      const created = await addCapability(owner, productId, { capabilityName: 'x', flowId });
      for (const [method, url, body] of [
        ['POST', base, { capabilityName: 'x', flowId }],
        ['PUT', `${base}/${created.id}`, { enabled: false }],
        ['DELETE', `${base}/${created.id}`, undefined],
      ] as const) {
        expectError(await call(app, method, url, { body }), 401, 'UNAUTHENTICATED');
      }
    });

    it('403 for a PRODUCTS:READ key on every write route (nothing changes)', async () => {
      const { owner, productId, flowId, base } = await setup();
      const created = await addCapability(owner, productId, { capabilityName: 'x', flowId });
      const readOnly = await createKey(app, owner, ['PRODUCTS:READ']);
      for (const [method, url, body] of [
        ['POST', base, { capabilityName: 'y', flowId }],
        ['PUT', `${base}/${created.id}`, { enabled: false }],
        ['DELETE', `${base}/${created.id}`, undefined],
      ] as const) {
        const res = await call(app, method, url, { token: readOnly, body });
        expectError(res, 403, 'INSUFFICIENT_SCOPE');
      }
      const read = await call(app, 'GET', `/v1/products/${productId}`, { token: readOnly });
      expect(read.status).toBe(200);
      expect(read.body.capabilities).toEqual([created]);
    });

    it('404 for another tenant’s product or capability, another product’s capability, and malformed ids', async () => {
      const { owner, productId, flowId, base } = await setup();
      const created = await addCapability(owner, productId, { capabilityName: 'x', flowId });
      const stranger = await createTenant(app);
      const strangersFlow = await createFlow(stranger);
      for (const [method, url, body] of [
        ['POST', base, { capabilityName: 'x', flowId: strangersFlow }],
        ['PUT', `${base}/${created.id}`, { enabled: false }],
        ['DELETE', `${base}/${created.id}`, undefined],
      ] as const) {
        const res = await call(app, method, url, { token: stranger.key, body });
        expect({ method, url, status: res.status }).toEqual({ method, url, status: 404 });
      }

      const otherBase = `/v1/products/${await createProduct(owner)}/capabilities`;
      for (const [method, url, body] of [
        ['PUT', `${otherBase}/${created.id}`, { enabled: false }],
        ['DELETE', `${otherBase}/${created.id}`, undefined],
        ['PUT', `${base}/not-a-uuid`, { enabled: false }],
        ['POST', '/v1/products/not-a-uuid/capabilities', { capabilityName: 'x', flowId }],
      ] as const) {
        const res = await call(app, method, url, { token: owner.key, body });
        expectError(res, 404, 'NOT_FOUND');
      }
      expect(await productCapabilities(owner, productId)).toEqual([created]);
    });
  });
});
