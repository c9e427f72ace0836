import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { call, createKey, createTenant, createTestApp, type TestTenant } from './support/test-app';
import { issuePaths } from './support/assertions';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The first multiple of `minutes` strictly after `ms`, as ISO. */
function nextBoundary(ms: number, minutes: number): string {
  const step = minutes * 60_000;
  return new Date((Math.floor(ms / step) + 1) * step).toISOString();
}

/** Next 1 January 00:00 in a zone `offsetHours` behind UTC (no DST in January). */
function nextNewYear(ms: number, offsetHours: number): string {
  const year = new Date(ms).getUTCFullYear();
  const thisYear = Date.UTC(year, 0, 1, offsetHours);
  return new Date(ms < thisYear ? thisYear : Date.UTC(year + 1, 0, 1, offsetHours)).toISOString();
}

describe('surface schedules', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  interface Setup {
    owner: TestTenant;
    productId: string;
    surfaceId: string;
    flowId: string;
    /** `/v1/products/:id/surfaces/:surfaceId/schedules` */
    base: string;
  }

  const createSurface = async (owner: TestTenant, productId: string) => {
    const surface = await call(app, 'POST', `/v1/products/${productId}/surfaces`, {
      token: owner.key,
      body: { name: 'Nightly jobs', type: 'schedule' },
    });
    expect(surface.status).toBe(201);
    return surface.body.id as string;
  };

  const createFlow = async (owner: TestTenant, name = 'Daily Data Sync') => {
    const flow = await call(app, 'POST', '/v1/flows', {
      token: owner.key,
      body: { name, steps: [{ name: 'shape', type: 'transform', config: { template: { a: 1 } } }] },
    });
    expect(flow.status).toBe(201);
    return flow.body.id as string;
  };

  const setup = async (tenant?: TestTenant): Promise<Setup> => {
    const owner = tenant ?? (await createTenant(app));
    const product = await call(app, 'POST', '/v1/products', { token: owner.key, body: { name: 'Product' } });
    const productId = product.body.id as string;
    const surfaceId = await createSurface(owner, productId);
    const flowId = await createFlow(owner);
    return {
      owner,
      productId,
      surfaceId,
      flowId,
      base: `/v1/products/${productId}/surfaces/${surfaceId}/schedules`,
    };
  };

  const create = async (s: Setup, body: Record<string, unknown>) => {
    const res = await call(app, 'POST', s.base, { token: s.owner.key, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.anything() });
    return res.body;
  };

  const manual = (s: Setup, extra: Record<string, unknown> = {}) => ({
    name: 'Manual',
    flowId: s.flowId,
    triggerType: 'manual',
    ...extra,
  });

  describe('create', () => {
    it('creates from flat fields (cron synonym echoed, ids de-duplicated) and returns every field', async () => {
      const s = await setup();
      const [r1, r2] = [randomUUID(), randomUUID()];
      const before = Date.now();
      const schedule = await create(s, {
        name: 'Daily Data Sync',
        flowId: s.flowId,
        recordType: 'company',
        recordIds: [r1, r1.toUpperCase(), r2],
        triggerType: 'cron',
        cron: '0 0 1 1 *',
        timezone: 'America/New_York',
        executionOptions: { retryOnFailure: true, maxRetries: 3 },
        inputs: { param1: 'value1', param2: 42 },
        messages: [{ role: 'user', content: 'Summarise' }],
      });
      expect(schedule).toEqual({
        id: expect.stringMatching(UUID),
        name: 'Daily Data Sync',
        flowId: s.flowId,
        agentId: null,
        flowName: 'Daily Data Sync',
        productSurfaceId: s.surfaceId,
        recordType: 'company',
        recordIds: [r1, r2],
        recordFilter: null,
        triggerType: 'cron',
        cron: '0 0 1 1 *',
        timezone: 'America/New_York',
        runAt: null,
        enabled: true,
        nextRunAt: nextNewYear(before, 5),
        lastRunAt: null,
        executionOptions: { retryOnFailure: true, maxRetries: 3 },
        inputs: { param1: 'value1', param2: 42 },
        organizationId: null,
        userId: s.owner.userId,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
        pausedAt: null,
        pauseReason: null,
      });

      const fetched = await call(app, 'GET', `${s.base}/${schedule.id}`, { token: s.owner.key });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(schedule);
    });

    it('creates from the documented nested body (spec §5.2); nextRunAt is the next */5 boundary', async () => {
      const s = await setup();
      const before = Date.now();
      const res = await call(app, 'POST', s.base, {
        token: s.owner.key,
        body: {
          executionOptions: {
            chunkSize: 200,
            progressFlushSize: 25,
            recordConcurrency: 25,
            timeoutMs: 900000,
          },
          target: { flowId: s.flowId, recordType: 'company' },
          trigger: { cron: '*/5 * * * *', timezone: 'America/Los_Angeles', type: 'recurring' },
        },
      });
      const after = Date.now();
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        name: 'Untitled schedule',
        flowId: s.flowId,
        agentId: null,
        flowName: 'Daily Data Sync',
        productSurfaceId: s.surfaceId,
        recordType: 'company',
        recordIds: null,
        recordFilter: null,
        triggerType: 'recurring',
        cron: '*/5 * * * *',
        timezone: 'America/Los_Angeles',
        runAt: null,
        enabled: true,
        nextRunAt: expect.any(String),
        lastRunAt: null,
        executionOptions: { chunkSize: 200, progressFlushSize: 25, recordConcurrency: 25, timeoutMs: 900000 },
        inputs: {},
        organizationId: null,
        userId: s.owner.userId,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
        pausedAt: null,
        pauseReason: null,
      });
      // Los Angeles is a whole number of hours off UTC: its 5-minute boundaries are UTC's.
      expect([nextBoundary(before, 5), nextBoundary(after, 5)]).toContain(res.body.nextRunAt);
    });

    it('one_time fires at runAt (also in the past), manual and disabled never by themselves', async () => {
      const s = await setup();
      const future = await create(s, {
        flowId: s.flowId,
        trigger: { type: 'one_time', run_at: '2031-07-01T11:00:00+02:00' },
      });
      expect(future).toMatchObject({
        triggerType: 'one_time',
        cron: null,
        timezone: 'UTC',
        runAt: '2031-07-01T09:00:00.000Z',
        nextRunAt: '2031-07-01T09:00:00.000Z',
      });
      const past = await create(s, {
        flowId: s.flowId,
        triggerType: 'one_time',
        runAt: '2020-01-01T00:00:00Z',
      });
      expect(past).toMatchObject({
        runAt: '2020-01-01T00:00:00.000Z',
        nextRunAt: '2020-01-01T00:00:00.000Z',
      });

      expect(await create(s, manual(s))).toMatchObject({
        triggerType: 'manual',
        enabled: true,
        nextRunAt: null,
      });
      expect(
        await create(s, { flowId: s.flowId, triggerType: 'recurring', cron: '* * * * *', enabled: false }),
      ).toMatchObject({ enabled: false, nextRunAt: null, pausedAt: null });
    });

    it('targets an agent (stored as given; no flowName) and keeps a record filter of a flow schedule', async () => {
      const s = await setup();
      expect(
        await create(s, { target: { agentId: 'agent_9f8b7c6d' }, trigger: { type: 'manual' } }),
      ).toMatchObject({
        flowId: null,
        agentId: 'agent_9f8b7c6d',
        flowName: null,
        recordType: null,
        recordIds: null,
      });
      const recordFilter = {
        type: 'company',
        where: {
          and: [
            { field: 'owner_key', op: 'eq', value: 'alice' },
            {
              or: [
                { field: 'tier', op: 'in', value: ['gold', 'silver'] },
                { field: 'churned', op: 'exists' },
              ],
            },
          ],
        },
      };
      expect(await create(s, manual(s, { recordFilter }))).toMatchObject({ recordFilter });
    });
  });

  it('gets and lists only this surface’s schedules, newest first', async () => {
    const s = await setup();
    const otherSurface = await createSurface(s.owner, s.productId);
    const otherProduct = await setup(s.owner);
    const a = await create(s, manual(s, { name: 'A' }));
    const b = await create(s, manual(s, { name: 'B' }));
    await create({ ...s, base: `/v1/products/${s.productId}/surfaces/${otherSurface}/schedules` }, manual(s));
    await create(otherProduct, manual(otherProduct));

    const res = await call(app, 'GET', `${s.base}?includeCount=true`, { token: s.owner.key });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([b, a]);
    expect(res.body.pagination).toMatchObject({ totalCount: 2, hasMore: false, limit: 20 });

    const page = await call(app, 'GET', `${s.base}?limit=1`, { token: s.owner.key });
    expect(page.body.data.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const next = await call(app, 'GET', `${s.base}?limit=1&cursor=${page.body.pagination.nextCursor}`, {
      token: s.owner.key,
    });
    expect(next.body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);

    const search = await call(app, 'GET', `${s.base}?search=b`, { token: s.owner.key });
    expect(search.body.data.map((x: { id: string }) => x.id)).toEqual([b.id]);
  });

  describe('update', () => {
    it('recomputes nextRunAt only when the trigger changes', async () => {
      const s = await setup();
      const schedule = await create(s, {
        name: 'Yearly',
        flowId: s.flowId,
        triggerType: 'recurring',
        cron: '0 0 1 1 *',
        timezone: 'UTC',
      });
      const put = (body: Record<string, unknown>) =>
        call(app, 'PUT', `${s.base}/${schedule.id}`, { token: s.owner.key, body });

      const renamed = await put({ name: 'Yearly sync', inputs: { a: 1 } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({
        ...schedule,
        name: 'Yearly sync',
        inputs: { a: 1 },
        updatedAt: expect.stringMatching(ISO),
      });

      // The same trigger again: not a change.
      const same = await put({ trigger: { type: 'recurring', cron: '0 0 1 1 *', timezone: 'UTC' } });
      expect(same.body.nextRunAt).toBe(schedule.nextRunAt);

      const before = Date.now();
      const recron = await put({ cron: '0 0 1 1 *', timezone: 'America/New_York' });
      expect(recron.body).toMatchObject({ timezone: 'America/New_York', nextRunAt: nextNewYear(before, 5) });
      expect(recron.body.nextRunAt).not.toBe(schedule.nextRunAt);

      const oneTime = await put({ trigger: { type: 'one_time', runAt: '2031-01-01T00:00:00Z' } });
      expect(oneTime.body).toMatchObject({
        triggerType: 'one_time',
        cron: null,
        timezone: 'UTC',
        runAt: '2031-01-01T00:00:00.000Z',
        nextRunAt: '2031-01-01T00:00:00.000Z',
      });

      const toManual = await put({ triggerType: 'manual' });
      expect(toManual.body).toMatchObject({
        triggerType: 'manual',
        runAt: '2031-01-01T00:00:00.000Z',
        nextRunAt: null,
      });
    });

    it('replaces the whole target with a nested target; flat fields are partial; flowName follows the flow', async () => {
      const s = await setup();
      const schedule = await create(s, manual(s, { recordType: 'company', recordIds: [randomUUID()] }));
      const put = (body: Record<string, unknown>) =>
        call(app, 'PUT', `${s.base}/${schedule.id}`, { token: s.owner.key, body });

      const toAgent = await put({ target: { agentId: 'agent_1' } });
      expect(toAgent.body).toMatchObject({
        flowId: null,
        flowName: null,
        agentId: 'agent_1',
        recordType: null,
        recordIds: null,
      });

      const otherFlow = await createFlow(s.owner, 'Weekly Digest');
      const toFlow = await put({ agentId: null, flowId: otherFlow, recordIds: [] });
      expect(toFlow.status).toBe(200);
      expect(toFlow.body).toMatchObject({
        flowId: otherFlow,
        flowName: 'Weekly Digest',
        agentId: null,
        recordIds: null,
      });

      await call(app, 'PUT', `/v1/flows/${otherFlow}`, {
        token: s.owner.key,
        body: { name: 'Weekly Digest v2' },
      });
      const renamed = await call(app, 'GET', `${s.base}/${schedule.id}`, { token: s.owner.key });
      expect(renamed.body.flowName).toBe('Weekly Digest v2');
      await call(app, 'DELETE', `/v1/flows/${otherFlow}`, { token: s.owner.key });
      const orphan = await call(app, 'GET', `${s.base}/${schedule.id}`, { token: s.owner.key });
      expect(orphan.body).toMatchObject({ flowId: otherFlow, flowName: null });
    });

    it('400 when the schedule as updated breaks a rule', async () => {
      const s = await setup();
      const schedule = await create(s, manual(s));
      for (const [body, paths] of [
        [{ agentId: 'agent_1' }, ['agentId']],
        [{ flowId: null }, ['flowId']],
        [{ triggerType: 'one_time' }, ['runAt']],
        [{ triggerType: 'recurring' }, ['cron']],
        [{ timezone: 'Mars/Olympus_Mons' }, ['timezone']],
        [{ trigger: { type: 'recurring', cron: '0 0 9 * * *' } }, ['trigger.cron']],
        [{ target: { flowId: s.flowId }, recordType: 'company' }, ['recordType']],
      ] as const) {
        const res = await call(app, 'PUT', `${s.base}/${schedule.id}`, { token: s.owner.key, body });
        expect({ body, paths: issuePaths(res) }).toEqual({ body, paths });
      }
      const unchanged = await call(app, 'GET', `${s.base}/${schedule.id}`, { token: s.owner.key });
      expect(unchanged.body).toEqual(schedule);
    });

    it('flipping enabled through an update pauses and resumes without a reason', async () => {
      const s = await setup();
      const schedule = await create(s, { flowId: s.flowId, triggerType: 'recurring', cron: '*/5 * * * *' });
      const off = await call(app, 'PUT', `${s.base}/${schedule.id}`, {
        token: s.owner.key,
        body: { enabled: false },
      });
      expect(off.body).toMatchObject({
        enabled: false,
        nextRunAt: null,
        pausedAt: expect.stringMatching(ISO),
      });
      const on = await call(app, 'PUT', `${s.base}/${schedule.id}`, {
        token: s.owner.key,
        body: { enabled: true },
      });
      expect(on.body).toMatchObject({ enabled: true, nextRunAt: expect.stringMatching(ISO), pausedAt: null });
    });
  });

  it('pauses and resumes, idempotently', async () => {
    const s = await setup();
    const schedule = await create(s, { flowId: s.flowId, triggerType: 'recurring', cron: '*/5 * * * *' });
    const url = `${s.base}/${schedule.id}`;

    const paused = await call(app, 'POST', `${url}/pause`, {
      token: s.owner.key,
      body: { reason: 'Quarter close' },
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({
      ...schedule,
      enabled: false,
      nextRunAt: null,
      pausedAt: expect.stringMatching(ISO),
      pauseReason: 'Quarter close',
      updatedAt: expect.stringMatching(ISO),
    });

    // No body at all; pausing again changes nothing.
    const again = await call(app, 'POST', `${url}/pause`, { token: s.owner.key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(paused.body);
    const reasoned = await call(app, 'POST', `${url}/pause`, {
      token: s.owner.key,
      body: { reason: 'Audit' },
    });
    expect(reasoned.body).toMatchObject({ pausedAt: paused.body.pausedAt, pauseReason: 'Audit' });

    const before = Date.now();
    const resumed = await call(app, 'POST', `${url}/resume`, { token: s.owner.key });
    const after = Date.now();
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ enabled: true, pausedAt: null, pauseReason: null });
    expect([nextBoundary(before, 5), nextBoundary(after, 5)]).toContain(resumed.body.nextRunAt);

    const resumedAgain = await call(app, 'POST', `${url}/resume`, { token: s.owner.key, body: {} });
    expect(resumedAgain.body).toEqual(resumed.body);

    const badReason = await call(app, 'POST', `${url}/pause`, { token: s.owner.key, body: { why: 'x' } });
    expect(issuePaths(badReason)).toEqual(['why']);
  });

  it('deletes a schedule', async () => {
    const s = await setup();
    const schedule = await create(s, manual(s));
    const res = await call(app, 'DELETE', `${s.base}/${schedule.id}`, { token: s.owner.key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: schedule.id, deleted: true });
    expect((await call(app, 'GET', `${s.base}/${schedule.id}`, { token: s.owner.key })).status).toBe(404);
    expect((await call(app, 'DELETE', `${s.base}/${schedule.id}`, { token: s.owner.key })).status).toBe(404);
  });

  it('400 with a detail per broken rule, and nothing is created', async () => {
    const s = await setup();
    const recurring = { flowId: s.flowId, triggerType: 'recurring', cron: '0 9 * * *' };
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ['both flowId and agentId', { ...recurring, agentId: 'agent_1' }, ['agentId']],
      ['neither flowId nor agentId', { triggerType: 'manual' }, ['flowId']],
      ['no trigger', { flowId: s.flowId }, ['triggerType']],
      ['unknown trigger type', { flowId: s.flowId, triggerType: 'weekly' }, ['triggerType']],
      ['recurring without cron', { flowId: s.flowId, triggerType: 'recurring' }, ['cron']],
      ['garbage cron', { ...recurring, cron: 'every day at nine' }, ['cron']],
      ['6-field cron', { ...recurring, cron: '0 0 9 * * *' }, ['cron']],
      ['out-of-range cron', { ...recurring, cron: '0 25 * * *' }, ['cron']],
      ['bad timezone', { ...recurring, timezone: 'Mars/Olympus_Mons' }, ['timezone']],
      [
        'bad nested timezone',
        { target: { flowId: s.flowId }, trigger: { type: 'recurring', cron: '0 9 * * *', timezone: 'EST5' } },
        ['trigger.timezone'],
      ],
      ['one_time without runAt', { flowId: s.flowId, triggerType: 'one_time' }, ['runAt']],
      ['runAt not ISO', { flowId: s.flowId, triggerType: 'one_time', runAt: 'tomorrow' }, ['runAt']],
      ['non-UUID record id', { ...recurring, recordIds: [randomUUID(), 'rec_123'] }, ['recordIds.1']],
      ['non-UUID flow id', { ...recurring, flowId: 'flow_123' }, ['flowId']],
      [
        'bad filter op',
        { ...recurring, recordFilter: { type: 'company', where: { field: 'tier', op: 'like', value: 'g' } } },
        ['recordFilter.where.op'],
      ],
      [
        'records on an agent',
        { agentId: 'agent_1', triggerType: 'manual', recordType: 'company', recordIds: [randomUUID()] },
        ['recordIds', 'recordType'],
      ],
      [
        'filter on an agent',
        {
          target: { agentId: 'agent_1', recordFilter: { type: 'c', where: { field: 'a', op: 'exists' } } },
          trigger: { type: 'manual' },
        },
        ['recordFilter'],
      ],
      ['unknown field', { ...recurring, colour: 'red' }, ['colour']],
      [
        'unknown executionOptions key',
        { ...recurring, executionOptions: { chunkSize: 10, turbo: true } },
        ['executionOptions.turbo'],
      ],
      [
        'executionOptions out of bounds',
        { ...recurring, executionOptions: { recordConcurrency: 0 } },
        ['executionOptions.recordConcurrency'],
      ],
      [
        'target mixed with its flat fields',
        { target: { flowId: s.flowId }, flowId: s.flowId, triggerType: 'manual' },
        ['flowId'],
      ],
      [
        'trigger mixed with its flat fields',
        { flowId: s.flowId, trigger: { type: 'manual' }, cron: '* * * * *' },
        ['cron'],
      ],
      ['empty name', { ...recurring, name: ' ' }, ['name']],
    ];
    for (const [rule, body, paths] of cases) {
      const res = await call(app, 'POST', s.base, { token: s.owner.key, body });
      expect({ rule, paths: issuePaths(res) }).toEqual({ rule, paths });
    }
    const sixFields = await call(app, 'POST', s.base, {
      token: s.owner.key,
      body: { ...recurring, cron: '0 0 9 * * *' },
    });
    expect(sixFields.body.details[0].message).toMatch(/got 6; a seconds field is not supported/);

    const list = await call(app, 'GET', `${s.base}?includeCount=true`, { token: s.owner.key });
    expect(list.body.pagination.totalCount).toBe(0);
  });

  it('404 for another tenant’s flow, product, surface or schedule, and across surfaces', async () => {
    const s = await setup();
    const schedule = await create(s, manual(s));
    const stranger = await setup();

    const foreignFlow = await call(app, 'POST', s.base, {
      token: s.owner.key,
      body: manual(s, { flowId: stranger.flowId }),
    });
    expect({ status: foreignFlow.status, error: foreignFlow.body.error }).toEqual({
      status: 404,
      error: 'Flow not found',
    });
    const foreignFlowUpdate = await call(app, 'PUT', `${s.base}/${schedule.id}`, {
      token: s.owner.key,
      body: { flowId: stranger.flowId },
    });
    expect(foreignFlowUpdate.status).toBe(404);
    const missingFlow = await call(app, 'POST', s.base, {
      token: s.owner.key,
      body: manual(s, { flowId: randomUUID() }),
    });
    expect(missingFlow.status).toBe(404);

    const url = `${s.base}/${schedule.id}`;
    for (const [method, path, body] of [
      ['GET', s.base, undefined],
      ['POST', s.base, manual(stranger)],
      ['GET', url, undefined],
      ['PUT', url, { name: 'x' }],
      ['DELETE', url, undefined],
      ['POST', `${url}/pause`, {}],
      ['POST', `${url}/resume`, {}],
    ] as const) {
      const res = await call(app, method, path, { token: stranger.owner.key, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }

    // The stranger's own product and surface, with the owner's schedule id.
    const theirs = await call(app, 'GET', `${stranger.base}/${schedule.id}`, { token: stranger.owner.key });
    expect(theirs.status).toBe(404);

    // The owner's schedule under another surface of the same product, or under another product.
    const otherSurface = await createSurface(s.owner, s.productId);
    const otherProduct = await setup(s.owner);
    for (const path of [
      `/v1/products/${s.productId}/surfaces/${otherSurface}/schedules/${schedule.id}`,
      `/v1/products/${otherProduct.productId}/surfaces/${s.surfaceId}/schedules/${schedule.id}`,
      `${s.base}/not-a-uuid`,
      `${s.base}/${randomUUID()}`,
    ]) {
      const res = await call(app, 'GET', path, { token: s.owner.key });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const wrongProduct = await call(
      app,
      'GET',
      `/v1/products/${otherProduct.productId}/surfaces/${s.surfaceId}/schedules`,
      {
        token: s.owner.key,
      },
    );
    expect({ status: wrongProduct.status, error: wrongProduct.body.error }).toEqual({
      status: 404,
      error: 'Surface not found',
    });
    const still = await call(app, 'GET', url, { token: s.owner.key });
    expect(still.body).toEqual(schedule);
  });

  it('403 for a SCHEDULES:READ key on writes; 401 without credentials', async () => {
    const s = await setup();
    const schedule = await create(s, manual(s));
    const readOnly = await createKey(app, s.owner, ['SCHEDULES:READ']);
    const url = `${s.base}/${schedule.id}`;
    for (const [method, path, body] of [
      ['POST', s.base, manual(s)],
      ['PUT', url, { name: 'x' }],
      ['DELETE', url, undefined],
      ['POST', `${url}/pause`, {}],
      ['POST', `${url}/resume`, {}],
    ] as const) {
      const res = await call(app, method, path, { token: readOnly, body });
      expect({ method, path, status: res.status, code: res.body.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'INSUFFICIENT_SCOPE',
      });
    }
    expect((await call(app, 'GET', s.base, { token: readOnly })).status).toBe(200);
    expect((await call(app, 'GET', url, { token: readOnly })).body).toEqual(schedule);

    const productsOnly = await createKey(app, s.owner, ['PRODUCTS:*']);
    expect((await call(app, 'GET', s.base, { token: productsOnly })).status).toBe(403);

    for (const [method, path] of [
      ['GET', s.base],
      ['POST', s.base],
      ['GET', url],
    ] as const) {
      const res = await call(app, method, path, { body: method === 'POST' ? manual(s) : undefined });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });
});
