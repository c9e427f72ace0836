import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintSessionToken } from '@app/testing/clerk-tokens';
import { call, createKey, createTenant, createTestApp } from './support/test-app';
import { expectError, issuePaths } from './support/assertions';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** One step of each type; the later steps reference the earlier ones. */
const threeSteps = [
  {
    name: 'shape',
    type: 'transform',
    config: { template: { greeting: 'Hello {{_record.name}}', quarter: '{{_record.metadata.quarter}}' } },
  },
  {
    name: 'notify',
    type: 'http',
    config: {
      method: 'POST',
      url: 'https://hooks.example.com/records/{{_record.id}}',
      headers: { 'x-source': 'runtype' },
      body: { text: '{{steps.shape.output.greeting}}' },
      timeoutMs: 5000,
    },
  },
  {
    name: 'mark',
    type: 'update-record',
    config: { metadata: { notified: true, status: '{{steps.notify.output.status}}' } },
  },
];

describe('flows (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function createFlow(token: string, body: Record<string, unknown>): Promise<any> {
    const res = await call(app, 'POST', '/v1/flows', { token, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body;
  }

  const oneStep = (name = 'only') => [{ name, type: 'transform', config: { template: 'x' } }];

  describe('create and read', () => {
    it('creates a flow with transform, http and update-record steps (201, version 1, steps echoed)', async () => {
      const tenant = await createTenant(app);
      const res = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: '  Notify on record  ', description: 'Greets, posts, marks', steps: threeSteps },
      });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V7),
        name: 'Notify on record',
        description: 'Greets, posts, marks',
        steps: threeSteps,
        version: 1,
        userId: tenant.userId,
        organizationId: null,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });

      const fetched = await call(app, 'GET', `/v1/flows/${res.body.id}`, { token: tenant.key });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(res.body);
    });

    it('defaults description to null and a missing step config to {} (then validated per type)', async () => {
      const tenant = await createTenant(app);
      const flow = await createFlow(tenant.key, {
        name: 'minimal',
        steps: [{ name: 'fetch', type: 'http', config: { url: 'https://example.com' } }],
      });
      expect(flow).toMatchObject({
        name: 'minimal',
        description: null,
        version: 1,
        steps: [{ name: 'fetch', type: 'http', config: { url: 'https://example.com' } }],
      });

      const noConfig = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: 'no config', steps: [{ name: 'shape', type: 'transform' }] },
      });
      expect(issuePaths(noConfig)).toEqual(['steps.0.config.template']);
    });

    it('a Clerk session in an organization creates flows owned by the organization', async () => {
      const orgId = `org_${randomUUID().replace(/-/g, '')}`;
      const userId = `user_${randomUUID().replace(/-/g, '')}`;
      const session = mintSessionToken({ userId, orgId });
      const flow = await createFlow(session, { name: 'org flow', steps: oneStep() });
      expect(flow).toMatchObject({ userId, organizationId: orgId });

      const colleague = mintSessionToken({ userId: `user_${randomUUID().replace(/-/g, '')}`, orgId });
      const seen = await call(app, 'GET', `/v1/flows/${flow.id}`, { token: colleague });
      expect(seen.body).toEqual(flow);
      expectError(
        await call(app, 'GET', `/v1/flows/${flow.id}`, { token: mintSessionToken({ userId }) }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('step validation', () => {
    it('an unknown step type is a 400 at steps.N.type', async () => {
      const tenant = await createTenant(app);
      const res = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: 'bad', steps: [{ name: 'a', type: 'bogus', config: {} }] },
      });
      expect(issuePaths(res)).toEqual(['steps.0.type']);
      expect(res.body.details[0].message).toContain('bogus');

      const second = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: {
          name: 'bad',
          steps: [...oneStep('first'), { name: 'b', type: 'llm', config: { prompt: 'x' } }],
        },
      });
      expect(issuePaths(second)).toEqual(['steps.1.type']);

      const list = await call(app, 'GET', '/v1/flows?includeCount=true', { token: tenant.key });
      expect(list.body.pagination.totalCount).toBe(0);
    });

    it('a bad step config is a 400 with a path under steps.N.config', async () => {
      const tenant = await createTenant(app);
      const noUrl = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: {
          name: 'bad',
          steps: [...oneStep('first'), { name: 'call', type: 'http', config: { method: 'GET' } }],
        },
      });
      expect(issuePaths(noUrl)).toEqual(['steps.1.config.url']);

      const badHttp = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: {
          name: 'bad',
          steps: [
            {
              name: 'call',
              type: 'http',
              config: { method: 'FETCH', url: 'ftp://example.com', timeoutMs: -1, headers: { a: 1 } },
            },
          ],
        },
      });
      expect(issuePaths(badHttp)).toEqual([
        'steps.0.config.headers.a',
        'steps.0.config.method',
        'steps.0.config.timeoutMs',
        'steps.0.config.url',
      ]);

      const badUpdate = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: 'bad', steps: [{ name: 'mark', type: 'update-record', config: { metadata: 'x' } }] },
      });
      expect(issuePaths(badUpdate)).toEqual(['steps.0.config.metadata']);

      // A template that references a step that does not run before it.
      const forward = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: {
          name: 'bad',
          steps: [
            { name: 'a', type: 'transform', config: { template: { v: '{{steps.b.output}}' } } },
            { name: 'b', type: 'transform', config: { template: 'x' } },
          ],
        },
      });
      expect(issuePaths(forward)).toEqual(['steps.0.config.template.v']);
    });

    it('duplicate step names, empty steps and malformed steps are a 400', async () => {
      const tenant = await createTenant(app);
      const dup = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: 'dup', steps: [...oneStep('same'), ...oneStep('same')] },
      });
      expect(issuePaths(dup)).toEqual(['steps.1.name']);
      expect(dup.body.details[0].message).toMatch(/duplicate/i);

      const empty = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: 'empty', steps: [] },
      });
      expect(issuePaths(empty)).toEqual(['steps']);

      const missing = await call(app, 'POST', '/v1/flows', { token: tenant.key, body: { name: 'no steps' } });
      expect(issuePaths(missing)).toEqual(['steps']);

      const shape = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { steps: [{ name: '', type: 'transform', config: [], extra: 1 }], colour: 'red' },
      });
      expect(issuePaths(shape)).toEqual([
        'colour',
        'name',
        'steps.0.config',
        'steps.0.extra',
        'steps.0.name',
      ]);

      const dotted = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        body: { name: 'dotted', steps: oneStep('a.b') },
      });
      expect(issuePaths(dotted)).toEqual(['steps.0.name']);

      const json = await call(app, 'POST', '/v1/flows', {
        token: tenant.key,
        rawBody: '{"name": "x", "steps": [',
      });
      expectError(json, 400, 'INVALID_JSON');

      const list = await call(app, 'GET', '/v1/flows?includeCount=true', { token: tenant.key });
      expect(list.body.pagination.totalCount).toBe(0);
    });
  });

  describe('update and delete', () => {
    it('a name-only update keeps the version; new steps bump it', async () => {
      const tenant = await createTenant(app);
      const flow = await createFlow(tenant.key, { name: 'v1', description: 'first', steps: oneStep() });

      const renamed = await call(app, 'PUT', `/v1/flows/${flow.id}`, {
        token: tenant.key,
        body: { name: 'renamed' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...flow, name: 'renamed', updatedAt: expect.stringMatching(ISO) });

      const described = await call(app, 'PUT', `/v1/flows/${flow.id}`, {
        token: tenant.key,
        body: { description: null },
      });
      expect(described.body).toMatchObject({ name: 'renamed', description: null, version: 1 });

      const restepped = await call(app, 'PUT', `/v1/flows/${flow.id}`, {
        token: tenant.key,
        body: { steps: threeSteps },
      });
      expect(restepped.status).toBe(200);
      expect(restepped.body).toMatchObject({ id: flow.id, name: 'renamed', version: 2, steps: threeSteps });

      const again = await call(app, 'PUT', `/v1/flows/${flow.id}`, {
        token: tenant.key,
        body: { name: 'v3', steps: oneStep('solo') },
      });
      expect(again.body).toMatchObject({ name: 'v3', version: 3, steps: oneStep('solo') });

      const fetched = await call(app, 'GET', `/v1/flows/${flow.id}`, { token: tenant.key });
      expect(fetched.body).toMatchObject({
        name: 'v3',
        description: null,
        version: 3,
        steps: oneStep('solo'),
      });
    });

    it('an invalid steps update is a 400 and changes nothing', async () => {
      const tenant = await createTenant(app);
      const flow = await createFlow(tenant.key, { name: 'stable', steps: threeSteps });

      const res = await call(app, 'PUT', `/v1/flows/${flow.id}`, {
        token: tenant.key,
        body: { name: 'should not apply', steps: [{ name: 'x', type: 'nope', config: {} }] },
      });
      expect(issuePaths(res)).toEqual(['steps.0.type']);
      const empty = await call(app, 'PUT', `/v1/flows/${flow.id}`, {
        token: tenant.key,
        body: { steps: [] },
      });
      expect(issuePaths(empty)).toEqual(['steps']);

      const fetched = await call(app, 'GET', `/v1/flows/${flow.id}`, { token: tenant.key });
      expect(fetched.body).toEqual(flow);
    });

    it('deletes a flow: then 404 on get, put and delete, and gone from the list', async () => {
      const tenant = await createTenant(app);
      const keep = await createFlow(tenant.key, { name: 'keep', steps: oneStep() });
      const gone = await createFlow(tenant.key, { name: 'gone', steps: oneStep() });

      const res = await call(app, 'DELETE', `/v1/flows/${gone.id}`, { token: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: gone.id, deleted: true });

      expectError(await call(app, 'GET', `/v1/flows/${gone.id}`, { token: tenant.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'PUT', `/v1/flows/${gone.id}`, { token: tenant.key, body: { name: 'x' } }),
        404,
        'NOT_FOUND',
      );
      expectError(await call(app, 'DELETE', `/v1/flows/${gone.id}`, { token: tenant.key }), 404, 'NOT_FOUND');

      const list = await call(app, 'GET', '/v1/flows', { token: tenant.key });
      expect(list.body.data.map((f: any) => f.id)).toEqual([keep.id]);
    });
  });

  describe('list', () => {
    it('pages newest first with cursors, counts, and searches by name', async () => {
      const tenant = await createTenant(app);
      const created: any[] = [];
      for (const name of [
        'Daily digest',
        'Weekly digest',
        'Invoice sync',
        'Lead scoring',
        'DIGEST archive',
      ]) {
        created.push(await createFlow(tenant.key, { name, steps: oneStep() }));
      }
      const expected = created
        .map((f) => f.id)
        .sort()
        .reverse();

      const page1 = await call(app, 'GET', '/v1/flows?limit=2&includeCount=true', { token: tenant.key });
      expect(page1.status).toBe(200);
      expect(page1.body.data.map((f: any) => f.id)).toEqual(expected.slice(0, 2));
      expect(page1.body.pagination).toMatchObject({
        currentOffset: 0,
        hasMore: true,
        hasPrev: false,
        limit: 2,
        prevCursor: null,
        currentPage: 1,
        totalCount: 5,
        totalPages: 3,
      });

      const page2 = await call(app, 'GET', `/v1/flows?limit=2&cursor=${page1.body.pagination.nextCursor}`, {
        token: tenant.key,
      });
      expect(page2.body.data.map((f: any) => f.id)).toEqual(expected.slice(2, 4));
      expect(page2.body.pagination).toMatchObject({
        currentOffset: 2,
        hasMore: true,
        hasPrev: true,
        currentPage: 2,
      });

      const page3 = await call(app, 'GET', `/v1/flows?limit=2&cursor=${page2.body.pagination.nextCursor}`, {
        token: tenant.key,
      });
      expect(page3.body.data.map((f: any) => f.id)).toEqual(expected.slice(4));
      expect(page3.body.pagination).toMatchObject({ hasMore: false, nextCursor: null, currentPage: 3 });

      const back = await call(app, 'GET', `/v1/flows?limit=2&cursor=${page3.body.pagination.prevCursor}`, {
        token: tenant.key,
      });
      expect(back.body.data.map((f: any) => f.id)).toEqual(expected.slice(2, 4));

      const search = await call(app, 'GET', '/v1/flows?search=digest&includeCount=true', {
        token: tenant.key,
      });
      expect(search.body.data.map((f: any) => f.name).sort()).toEqual([
        'DIGEST archive',
        'Daily digest',
        'Weekly digest',
      ]);
      expect(search.body.pagination.totalCount).toBe(3);

      const wildcard = await call(app, 'GET', '/v1/flows?search=%25', { token: tenant.key });
      expect(wildcard.body.data).toEqual([]);

      expectError(
        await call(app, 'GET', '/v1/flows?limit=0', { token: tenant.key }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(app, 'GET', '/v1/flows?cursor=bogus', { token: tenant.key }),
        400,
        'VALIDATION_FAILED',
      );
      // Flows have no `type` filter.
      const typeParam = await call(app, 'GET', '/v1/flows?type=x', { token: tenant.key });
      expect(issuePaths(typeParam)).toEqual(['type']);
    });
  });

  describe('access', () => {
    it('401 without or with bad credentials', async () => {
      const tenant = await createTenant(app);
      const flow = await createFlow(tenant.key, { name: 'f', steps: oneStep() });

      expectError(await call(app, 'GET', '/v1/flows'), 401, 'UNAUTHENTICATED');
      expectError(
        await call(app, 'GET', `/v1/flows/${flow.id}`, { token: 'garbage' }),
        401,
        'UNAUTHENTICATED',
      );
      expectError(
        await call(app, 'POST', '/v1/flows', {
          token: 'rt_test_nope',
          body: { name: 'x', steps: oneStep() },
        }),
        401,
        'UNAUTHENTICATED',
      );
      expectError(
        await call(app, 'PUT', `/v1/flows/${flow.id}`, { body: { name: 'x' } }),
        401,
        'UNAUTHENTICATED',
      );
      expectError(await call(app, 'DELETE', `/v1/flows/${flow.id}`), 401, 'UNAUTHENTICATED');

      const fetched = await call(app, 'GET', `/v1/flows/${flow.id}`, { token: tenant.key });
      expect(fetched.body).toEqual(flow);
    });

    it('a FLOWS:READ key reads but cannot write (403); FLOWS:* and FLOWS:WRITE can', async () => {
      const tenant = await createTenant(app);
      const flow = await createFlow(tenant.key, { name: 'f', steps: oneStep() });
      const reader = await createKey(app, tenant, ['FLOWS:READ']);

      const post = await call(app, 'POST', '/v1/flows', {
        token: reader,
        body: { name: 'x', steps: oneStep() },
      });
      expectError(post, 403, 'INSUFFICIENT_SCOPE');
      expect(post.body.details).toEqual({ required: 'FLOWS:WRITE' });
      expectError(
        await call(app, 'PUT', `/v1/flows/${flow.id}`, { token: reader, body: { name: 'x' } }),
        403,
        'INSUFFICIENT_SCOPE',
      );
      expectError(
        await call(app, 'DELETE', `/v1/flows/${flow.id}`, { token: reader }),
        403,
        'INSUFFICIENT_SCOPE',
      );

      const list = await call(app, 'GET', '/v1/flows', { token: reader });
      expect(list.body.data.map((f: any) => f.id)).toEqual([flow.id]);
      expect((await call(app, 'GET', `/v1/flows/${flow.id}`, { token: reader })).body.name).toBe('f');

      const area = await createKey(app, tenant, ['FLOWS:*']);
      const byArea = await createFlow(area, { name: 'by area', steps: oneStep() });
      expect(byArea.userId).toBe(tenant.userId);

      const writer = await createKey(app, tenant, ['FLOWS:WRITE']);
      const upd = await call(app, 'PUT', `/v1/flows/${byArea.id}`, {
        token: writer,
        body: { steps: threeSteps },
      });
      expect(upd.body.version).toBe(2);

      const recordsOnly = await createKey(app, tenant, ['RECORDS:*']);
      const denied = await call(app, 'GET', '/v1/flows', { token: recordsOnly });
      expectError(denied, 403, 'INSUFFICIENT_SCOPE');
      expect(denied.body.details).toEqual({ required: 'FLOWS:READ' });
    });

    it("another tenant's flow is 404 on get, put and delete; malformed ids are 404", async () => {
      const a = await createTenant(app);
      const b = await createTenant(app);
      const flow = await createFlow(a.key, { name: 'A flow', steps: threeSteps });

      expectError(await call(app, 'GET', `/v1/flows/${flow.id}`, { token: b.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'PUT', `/v1/flows/${flow.id}`, {
          token: b.key,
          body: { name: 'stolen', steps: oneStep() },
        }),
        404,
        'NOT_FOUND',
      );
      expectError(await call(app, 'DELETE', `/v1/flows/${flow.id}`, { token: b.key }), 404, 'NOT_FOUND');
      const bList = await call(app, 'GET', '/v1/flows?includeCount=true', { token: b.key });
      expect(bList.body.data).toEqual([]);
      expect(bList.body.pagination.totalCount).toBe(0);

      for (const id of ['abc', '42', `${flow.id}0`]) {
        expectError(await call(app, 'GET', `/v1/flows/${id}`, { token: a.key }), 404, 'NOT_FOUND');
      }
      expectError(await call(app, 'GET', `/v1/flows/${randomUUID()}`, { token: a.key }), 404, 'NOT_FOUND');

      const untouched = await call(app, 'GET', `/v1/flows/${flow.id}`, { token: a.key });
      expect(untouched.body).toEqual(flow);
    });
  });
});
