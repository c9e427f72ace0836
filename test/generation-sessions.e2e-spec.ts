import { createHash, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@app/database';
import { call, createKey, createTenant, createTestApp, createOrgMember } from './support/test-app';
import { expectError, issuePaths } from './support/assertions';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;
const BASE = '/v1/products/generation/sessions';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('product generation sessions (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function createSession(token: string, body: Record<string, unknown> = {}): Promise<any> {
    const res = await call(app, 'POST', BASE, { token, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body;
  }

  async function addEvent(token: string, sessionId: string, body: Record<string, unknown>): Promise<any> {
    const res = await call(app, 'POST', `${BASE}/${sessionId}/events`, { token, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body;
  }

  async function patch(token: string, id: string, body: Record<string, unknown>): Promise<any> {
    const res = await call(app, 'PATCH', `${BASE}/${id}`, { token, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.any(Object) });
    return res.body;
  }

  /** Test setup: move a session's expiry into the past instead of waiting 7 days. */
  async function expire(id: string): Promise<void> {
    const { count } = await app.get(PrismaService).productGenerationSession.updateMany({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(count).toBe(1);
  }

  const eventCount = (sessionId: string) =>
    app.get(PrismaService).productGenerationEvent.count({ where: { sessionId } });

  /** List order is newest first by id (UUIDv7, time ordered). */
  const newestFirst = (sessions: Array<{ id: string }>) =>
    sessions
      .map((s) => s.id)
      .sort()
      .reverse();

  /** Events are oldest first: by createdAt, then id. */
  const oldestFirst = (events: Array<{ id: string; createdAt: string }>) =>
    [...events].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  /** Every route, for the 404/401/403 sweeps. */
  const everyRoute = (id: string) =>
    [
      ['GET', `${BASE}/${id}`, undefined],
      ['PATCH', `${BASE}/${id}`, { status: 'failed' }],
      ['DELETE', `${BASE}/${id}`, undefined],
      ['POST', `${BASE}/${id}/events`, { type: 'progress' }],
    ] as const;

  describe('create and read', () => {
    it('creates a session in intake expiring in 7 days and returns every field of the Session object', async () => {
      const tenant = await createTenant(app);
      const before = Date.now();
      const res = await call(app, 'POST', BASE, { token: tenant.key, body: {} });
      const after = Date.now();

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V7),
        userId: tenant.userId,
        organizationId: null,
        status: 'intake',
        prd: null,
        plan: null,
        productObject: null,
        productObjectHash: null,
        assemblyState: null,
        catalogVersion: null,
        schemaVersion: null,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
        expiresAt: expect.stringMatching(ISO),
      });
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + SEVEN_DAYS_MS);
      expect(expiresAt).toBeLessThanOrEqual(after + SEVEN_DAYS_MS);
      expect(Math.abs(expiresAt - Date.parse(res.body.createdAt) - SEVEN_DAYS_MS)).toBeLessThan(60_000);
      expect(res.body.updatedAt).toBe(res.body.createdAt);
      expect(res.headers['x-request-id']).toEqual(expect.any(String));

      // The body itself is optional.
      const bodiless = await call(app, 'POST', BASE, { token: tenant.key });
      expect(bodiless.status).toBe(201);
      expect(bodiless.body).toMatchObject({ status: 'intake', prd: null, catalogVersion: null });
    });

    it('stores catalogVersion, prd and schemaVersion (spec example); GET adds an empty events list', async () => {
      const tenant = await createTenant(app);
      const body = {
        catalogVersion: '1.0',
        prd: { description: 'An AI-powered customer support product', title: 'AI Customer Support' },
        schemaVersion: '1.0',
      };
      const created = await createSession(tenant.key, body);
      expect(created).toMatchObject({ ...body, status: 'intake', plan: null, productObject: null });

      const fetched = await call(app, 'GET', `${BASE}/${created.id}`, { token: tenant.key });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual({ ...created, events: [] });
    });

    it('validates the create body with one detail per field', async () => {
      const tenant = await createTenant(app);
      const res = await call(app, 'POST', BASE, {
        token: tenant.key,
        body: { prd: ['not', 'an', 'object'], catalogVersion: 1, status: 'generating', name: 'x' },
      });
      expect(issuePaths(res)).toEqual(['catalogVersion', 'name', 'prd', 'status']);

      const blank = await call(app, 'POST', BASE, { token: tenant.key, body: { schemaVersion: '  ' } });
      expect(issuePaths(blank)).toEqual(['schemaVersion']);

      const list = await call(app, 'GET', BASE, { token: tenant.key });
      expect(list.body).toEqual({ data: [], pagination: { limit: 20, offset: 0, total: 0 } });
    });
  });

  describe('list', () => {
    it('lists newest first, filters by status, and pages by offset with totals', async () => {
      const tenant = await createTenant(app);
      const sessions: any[] = [];
      for (let i = 0; i < 5; i++) sessions.push(await createSession(tenant.key, { catalogVersion: `v${i}` }));
      const generating = [sessions[1], sessions[3]];
      for (const s of generating) await patch(tenant.key, s.id, { status: 'generating' });
      await patch(tenant.key, sessions[4].id, { status: 'completed' });

      const all = await call(app, 'GET', BASE, { token: tenant.key });
      expect(all.status).toBe(200);
      expect(all.body.data.map((s: any) => s.id)).toEqual(newestFirst(sessions));
      expect(all.body.pagination).toEqual({ limit: 20, offset: 0, total: 5 });
      // Items are full Session objects.
      const fetched = await call(app, 'GET', `${BASE}/${sessions[0].id}`, { token: tenant.key });
      const { events, ...sessionOnly } = fetched.body;
      expect(events).toEqual([]);
      expect(all.body.data.find((s: any) => s.id === sessions[0].id)).toEqual(sessionOnly);

      const page = await call(app, 'GET', `${BASE}?limit=2&offset=1`, { token: tenant.key });
      expect(page.body.data.map((s: any) => s.id)).toEqual(newestFirst(sessions).slice(1, 3));
      expect(page.body.pagination).toEqual({ limit: 2, offset: 1, total: 5 });

      const last = await call(app, 'GET', `${BASE}?limit=2&offset=4`, { token: tenant.key });
      expect(last.body.data.map((s: any) => s.id)).toEqual(newestFirst(sessions).slice(4));
      const beyond = await call(app, 'GET', `${BASE}?offset=50`, { token: tenant.key });
      expect(beyond.body).toEqual({ data: [], pagination: { limit: 20, offset: 50, total: 5 } });

      const byStatus = await call(app, 'GET', `${BASE}?status=generating`, { token: tenant.key });
      expect(byStatus.body.data.map((s: any) => s.id)).toEqual(newestFirst(generating));
      expect(byStatus.body.data.every((s: any) => s.status === 'generating')).toBe(true);
      expect(byStatus.body.pagination).toEqual({ limit: 20, offset: 0, total: 2 });

      const byStatusPage = await call(app, 'GET', `${BASE}?status=generating&limit=1&offset=1`, {
        token: tenant.key,
      });
      expect(byStatusPage.body.data.map((s: any) => s.id)).toEqual(newestFirst(generating).slice(1));
      expect(byStatusPage.body.pagination).toEqual({ limit: 1, offset: 1, total: 2 });

      const intake = await call(app, 'GET', `${BASE}?status=intake`, { token: tenant.key });
      expect(intake.body.data.map((s: any) => s.id)).toEqual(newestFirst([sessions[0], sessions[2]]));
      const none = await call(app, 'GET', `${BASE}?status=cancelled`, { token: tenant.key });
      expect(none.body).toEqual({ data: [], pagination: { limit: 20, offset: 0, total: 0 } });
    });

    it('validates the query string', async () => {
      const tenant = await createTenant(app);
      const cases: Array<[string, string[]]> = [
        ['status=bogus', ['status']],
        ['limit=0', ['limit']],
        ['limit=101', ['limit']],
        ['limit=abc', ['limit']],
        ['offset=-1', ['offset']],
        ['offset=1.5', ['offset']],
        ['cursor=abc&limit=2', ['cursor']],
      ];
      for (const [query, paths] of cases) {
        const res = await call(app, 'GET', `${BASE}?${query}`, { token: tenant.key });
        expect({ query, paths: issuePaths(res) }).toEqual({ query, paths });
      }
      const max = await call(app, 'GET', `${BASE}?limit=100&offset=0`, { token: tenant.key });
      expect(max.body.pagination).toEqual({ limit: 100, offset: 0, total: 0 });
    });
  });

  describe('update', () => {
    it('sets the fields given (spec example), keeps the others, and clears JSON fields with null', async () => {
      const tenant = await createTenant(app);
      const created = await createSession(tenant.key, {
        catalogVersion: '1.0',
        prd: { title: 'Support' },
        schemaVersion: '2.0',
      });

      const res = await call(app, 'PATCH', `${BASE}/${created.id}`, {
        token: tenant.key,
        body: { plan: { capabilities: ['chat', 'search'], surfaces: ['widget'] }, status: 'generating' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...created,
        plan: { capabilities: ['chat', 'search'], surfaces: ['widget'] },
        status: 'generating',
        updatedAt: expect.stringMatching(ISO),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      // Updates do not extend the session.
      expect(res.body.expiresAt).toBe(created.expiresAt);

      const assembling = await patch(tenant.key, created.id, {
        status: 'assembling',
        assemblyState: { step: 'assembling', progress: 75, details: { done: ['flows'] } },
        prd: { title: 'Support v2' },
      });
      expect(assembling).toMatchObject({
        status: 'assembling',
        assemblyState: { step: 'assembling', progress: 75, details: { done: ['flows'] } },
        prd: { title: 'Support v2' },
        plan: { capabilities: ['chat', 'search'], surfaces: ['widget'] },
      });

      const cleared = await patch(tenant.key, created.id, { prd: null, assemblyState: null });
      expect(cleared).toMatchObject({
        prd: null,
        assemblyState: null,
        plan: { capabilities: ['chat', 'search'], surfaces: ['widget'] },
        status: 'assembling',
        catalogVersion: '1.0',
        schemaVersion: '2.0',
      });

      // An empty body (or none) changes nothing.
      const unchanged = await patch(tenant.key, created.id, {});
      expect({ ...unchanged, updatedAt: undefined }).toEqual({ ...cleared, updatedAt: undefined });
      const bodiless = await call(app, 'PATCH', `${BASE}/${created.id}`, { token: tenant.key });
      expect(bodiless.status).toBe(200);
      expect(bodiless.body.status).toBe('assembling');

      const fetched = await call(app, 'GET', `${BASE}/${created.id}`, { token: tenant.key });
      expect(fetched.body).toEqual({ ...bodiless.body, events: [] });
    });

    it('accepts every status', async () => {
      const tenant = await createTenant(app);
      const created = await createSession(tenant.key);
      for (const status of [
        'planning',
        'generating',
        'assembling',
        'completed',
        'failed',
        'cancelled',
        'intake',
      ]) {
        expect((await patch(tenant.key, created.id, { status })).status).toBe(status);
      }
    });

    it('computes productObjectHash as sha256 hex of the canonical JSON (sorted keys) when not given', async () => {
      const tenant = await createTenant(app);
      const created = await createSession(tenant.key);
      const productObject = {
        name: 'Support Bot',
        capabilities: [{ type: 'chat', id: 'c1' }, 'search'],
        meta: { z: 1, a: null, nested: { b: true, a: 'x' } },
      };
      const canonical =
        '{"capabilities":[{"id":"c1","type":"chat"},"search"],' +
        '"meta":{"a":null,"nested":{"a":"x","b":true},"z":1},"name":"Support Bot"}';

      const hashed = await patch(tenant.key, created.id, { productObject });
      expect(hashed.productObject).toEqual(productObject);
      expect(hashed.productObjectHash).toBe(sha256(canonical));

      // Key order does not change the hash; array order does.
      const reordered = await patch(tenant.key, created.id, {
        productObject: {
          meta: { nested: { a: 'x', b: true }, a: null, z: 1 },
          capabilities: [{ id: 'c1', type: 'chat' }, 'search'],
          name: 'Support Bot',
        },
      });
      expect(reordered.productObjectHash).toBe(sha256(canonical));
      const swapped = await patch(tenant.key, created.id, {
        productObject: { ...productObject, capabilities: ['search', { type: 'chat', id: 'c1' }] },
      });
      expect(swapped.productObjectHash).not.toBe(sha256(canonical));
      expect(swapped.productObjectHash).toMatch(/^[0-9a-f]{64}$/);

      // A hash sent with the object is stored as sent.
      const explicit = await patch(tenant.key, created.id, {
        productObject: { name: 'x' },
        productObjectHash: 'client-hash-1',
      });
      expect(explicit).toMatchObject({ productObject: { name: 'x' }, productObjectHash: 'client-hash-1' });

      // A hash alone leaves the object as it is.
      const hashOnly = await patch(tenant.key, created.id, { productObjectHash: 'client-hash-2' });
      expect(hashOnly).toMatchObject({ productObject: { name: 'x' }, productObjectHash: 'client-hash-2' });

      // Other fields leave both alone.
      const other = await patch(tenant.key, created.id, { status: 'completed' });
      expect(other).toMatchObject({ productObject: { name: 'x' }, productObjectHash: 'client-hash-2' });

      // Clearing the object clears its computed hash.
      const cleared = await patch(tenant.key, created.id, { productObject: null });
      expect(cleared).toMatchObject({ productObject: null, productObjectHash: null });

      const empty = await patch(tenant.key, created.id, { productObject: {} });
      expect(empty.productObjectHash).toBe(sha256('{}'));
    });

    it('validates the update body with one detail per field', async () => {
      const tenant = await createTenant(app);
      const created = await createSession(tenant.key, { prd: { keep: true } });

      const res = await call(app, 'PATCH', `${BASE}/${created.id}`, {
        token: tenant.key,
        body: { status: 'done', plan: [1, 2], productObject: 'fpo', unknownField: 1, catalogVersion: '2' },
      });
      expect(issuePaths(res)).toEqual(['catalogVersion', 'plan', 'productObject', 'status', 'unknownField']);

      const unknown = await call(app, 'PATCH', `${BASE}/${created.id}`, {
        token: tenant.key,
        body: { foo: 'bar' },
      });
      expect(issuePaths(unknown)).toEqual(['foo']);
      expect(unknown.body.details).toEqual([
        { path: 'foo', message: 'Unknown field', code: 'unrecognized_keys' },
      ]);

      const badStatus = await call(app, 'PATCH', `${BASE}/${created.id}`, {
        token: tenant.key,
        body: { status: 'GENERATING' },
      });
      expect(issuePaths(badStatus)).toEqual(['status']);

      const badHash = await call(app, 'PATCH', `${BASE}/${created.id}`, {
        token: tenant.key,
        body: { productObjectHash: 42, assemblyState: 'half' },
      });
      expect(issuePaths(badHash)).toEqual(['assemblyState', 'productObjectHash']);

      const notObject = await call(app, 'PATCH', `${BASE}/${created.id}`, {
        token: tenant.key,
        rawBody: '[1,2]',
      });
      expectError(notObject, 400, 'VALIDATION_FAILED');

      // Nothing of the refused updates was written.
      const fetched = await call(app, 'GET', `${BASE}/${created.id}`, { token: tenant.key });
      expect(fetched.body).toEqual({ ...created, events: [] });
    });
  });

  describe('events', () => {
    it('adds events (spec example) and returns them with the session, oldest first', async () => {
      const tenant = await createTenant(app);
      const session = await createSession(tenant.key);

      const res = await call(app, 'POST', `${BASE}/${session.id}/events`, {
        token: tenant.key,
        body: {
          type: 'progress',
          message: 'Generating flow capabilities...',
          payload: { step: 2, totalSteps: 5 },
          stage: 'generation',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V7),
        sessionId: session.id,
        userId: tenant.userId,
        organizationId: null,
        type: 'progress',
        stage: 'generation',
        message: 'Generating flow capabilities...',
        payload: { step: 2, totalSteps: 5 },
        createdAt: expect.stringMatching(ISO),
      });

      const minimal = await addEvent(tenant.key, session.id, { type: '  started  ' });
      expect(minimal).toEqual({
        id: expect.stringMatching(UUID_V7),
        sessionId: session.id,
        userId: tenant.userId,
        organizationId: null,
        type: 'started',
        stage: null,
        message: null,
        payload: {},
        createdAt: expect.stringMatching(ISO),
      });

      const created = [res.body, minimal];
      for (let step = 3; step <= 5; step++) {
        created.push(
          await addEvent(tenant.key, session.id, { type: 'progress', payload: { step }, stage: 'assembly' }),
        );
      }

      // Another session's events stay with it.
      const other = await createSession(tenant.key);
      const otherEvent = await addEvent(tenant.key, other.id, { type: 'elsewhere' });

      const fetched = await call(app, 'GET', `${BASE}/${session.id}`, { token: tenant.key });
      expect(fetched.status).toBe(200);
      expect(fetched.body.events).toEqual(oldestFirst(created));
      // Creation order is createdAt order (ties, within a millisecond, go by id).
      const times = created.map((e) => Date.parse(e.createdAt));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      // Adding events does not touch the session.
      expect({ ...fetched.body, events: undefined }).toEqual({ ...session, events: undefined });

      const otherFetched = await call(app, 'GET', `${BASE}/${other.id}`, { token: tenant.key });
      expect(otherFetched.body.events).toEqual([otherEvent]);
    });

    it('validates the event body with one detail per field', async () => {
      const tenant = await createTenant(app);
      const session = await createSession(tenant.key);
      const post = (body: unknown) =>
        call(app, 'POST', `${BASE}/${session.id}/events`, { token: tenant.key, body });

      expect(issuePaths(await post({ message: 'no type' }))).toEqual(['type']);
      expect(issuePaths(await post({ type: '   ' }))).toEqual(['type']);
      expect(issuePaths(await post({ type: 'x'.repeat(101) }))).toEqual(['type']);
      expect(issuePaths(await post({ type: 'p', payload: [1, 2] }))).toEqual(['payload']);
      expect(issuePaths(await post({ type: 'p', payload: 'text' }))).toEqual(['payload']);
      expect(issuePaths(await post({ type: 'p', payload: null }))).toEqual(['payload']);
      expect(issuePaths(await post({ type: 1, stage: 2, message: false, extra: 'x' }))).toEqual([
        'extra',
        'message',
        'stage',
        'type',
      ]);
      const bodiless = await call(app, 'POST', `${BASE}/${session.id}/events`, { token: tenant.key });
      expectError(bodiless, 400, 'VALIDATION_FAILED');

      expect((await post({ type: 'x'.repeat(100) })).status).toBe(201);
      expect(await eventCount(session.id)).toBe(1);
    });
  });

  describe('delete', () => {
    it('deletes the session with its events; then it is 404 everywhere and gone from the list', async () => {
      const tenant = await createTenant(app);
      const keep = await createSession(tenant.key);
      const gone = await createSession(tenant.key);
      await addEvent(tenant.key, gone.id, { type: 'a' });
      await addEvent(tenant.key, gone.id, { type: 'b' });
      await addEvent(tenant.key, keep.id, { type: 'kept' });
      expect(await eventCount(gone.id)).toBe(2);

      const res = await call(app, 'DELETE', `${BASE}/${gone.id}`, { token: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: gone.id, deleted: true });
      expect(await eventCount(gone.id)).toBe(0);
      expect(await eventCount(keep.id)).toBe(1);

      for (const [method, url, body] of everyRoute(gone.id)) {
        const again = await call(app, method, url, { token: tenant.key, body });
        expect({ route: `${method} ${url}`, status: again.status }).toEqual({
          route: `${method} ${url}`,
          status: 404,
        });
        expectError(again, 404, 'NOT_FOUND');
      }

      const list = await call(app, 'GET', BASE, { token: tenant.key });
      expect(list.body.data.map((s: any) => s.id)).toEqual([keep.id]);
      expect(list.body.pagination.total).toBe(1);
    });
  });

  describe('expiry', () => {
    it('an expired session is 404 on every route and absent from the list', async () => {
      const tenant = await createTenant(app);
      const live = await createSession(tenant.key);
      const expired = await createSession(tenant.key, { prd: { title: 'old' } });
      await patch(tenant.key, expired.id, { status: 'generating' });
      await addEvent(tenant.key, expired.id, { type: 'before expiry' });
      await expire(expired.id);

      for (const [method, url, body] of everyRoute(expired.id)) {
        const res = await call(app, method, url, { token: tenant.key, body });
        expect({ route: `${method} ${url}`, status: res.status }).toEqual({
          route: `${method} ${url}`,
          status: 404,
        });
        expectError(res, 404, 'NOT_FOUND');
      }

      const list = await call(app, 'GET', BASE, { token: tenant.key });
      expect(list.body.data.map((s: any) => s.id)).toEqual([live.id]);
      expect(list.body.pagination.total).toBe(1);
      const byStatus = await call(app, 'GET', `${BASE}?status=generating`, { token: tenant.key });
      expect(byStatus.body).toEqual({ data: [], pagination: { limit: 20, offset: 0, total: 0 } });

      // The refused writes wrote nothing.
      const row = await app.get(PrismaService).productGenerationSession.findUnique({
        where: { id: expired.id },
        select: { status: true },
      });
      expect(row).toEqual({ status: 'generating' });
      expect(await eventCount(expired.id)).toBe(1);
    });
  });

  describe('tenancy', () => {
    it("another tenant's session is 404 on every route and absent from its list", async () => {
      const a = await createTenant(app);
      const b = await createTenant(app);
      const session = await createSession(a.key, { prd: { owner: 'a' } });
      await addEvent(a.key, session.id, { type: 'mine' });
      const bOwn = await createSession(b.key);

      for (const [method, url, body] of everyRoute(session.id)) {
        const res = await call(app, method, url, { token: b.key, body });
        expect({ route: `${method} ${url}`, status: res.status }).toEqual({
          route: `${method} ${url}`,
          status: 404,
        });
        expectError(res, 404, 'NOT_FOUND');
      }

      const bList = await call(app, 'GET', BASE, { token: b.key });
      expect(bList.body.data.map((s: any) => s.id)).toEqual([bOwn.id]);
      expect(bList.body.pagination.total).toBe(1);

      // Untouched for its owner.
      const mine = await call(app, 'GET', `${BASE}/${session.id}`, { token: a.key });
      expect({ ...mine.body, events: undefined }).toEqual({ ...session, events: undefined });
      expect(mine.body.events.map((e: any) => e.type)).toEqual(['mine']);
    });

    it('a malformed or unknown id is a 404 on every route', async () => {
      const tenant = await createTenant(app);
      for (const id of ['abc', '123', 'not-a-uuid-at-all', `${randomUUID()}x`, randomUUID()]) {
        for (const [method, url, body] of everyRoute(id)) {
          const res = await call(app, method, url, { token: tenant.key, body });
          expect({ route: `${method} ${url}`, status: res.status }).toEqual({
            route: `${method} ${url}`,
            status: 404,
          });
          expectError(res, 404, 'NOT_FOUND');
        }
      }
    });

    it('members of one organization share sessions; a member records its own ids on events', async () => {
      const member1 = await createTenant(app, { org: true });
      const { userId: member2UserId, key: member2 } = await createOrgMember(app, member1);
      const outsider = await createTenant(app, { org: true });

      const session = await createSession(member1.key);
      expect(session).toMatchObject({ userId: member1.userId, organizationId: member1.orgId });

      const event = await addEvent(member2, session.id, { type: 'review' });
      expect(event).toMatchObject({
        sessionId: session.id,
        userId: member2UserId,
        organizationId: member1.orgId,
      });
      const list = await call(app, 'GET', BASE, { token: member2 });
      expect(list.body.data.map((s: any) => s.id)).toEqual([session.id]);

      expectError(await call(app, 'GET', `${BASE}/${session.id}`, { token: outsider.key }), 404, 'NOT_FOUND');
    });
  });

  describe('auth', () => {
    it('a PRODUCTS:READ key can read but not write (403 INSUFFICIENT_SCOPE)', async () => {
      const tenant = await createTenant(app);
      const session = await createSession(tenant.key, { prd: { title: 't' } });
      const reader = await createKey(app, tenant, ['PRODUCTS:READ']);

      const post = await call(app, 'POST', BASE, { token: reader, body: { catalogVersion: '1.0' } });
      expectError(post, 403, 'INSUFFICIENT_SCOPE');
      expect(post.body.details).toEqual({ required: 'PRODUCTS:WRITE' });

      const writes = everyRoute(session.id).filter(([method]) => method !== 'GET');
      for (const [method, url, body] of writes) {
        const res = await call(app, method, url, { token: reader, body });
        expect({ route: `${method} ${url}`, status: res.status }).toEqual({
          route: `${method} ${url}`,
          status: 403,
        });
        expectError(res, 403, 'INSUFFICIENT_SCOPE');
        expect(res.body.details).toEqual({ required: 'PRODUCTS:WRITE' });
      }

      const list = await call(app, 'GET', BASE, { token: reader });
      expect(list.status).toBe(200);
      expect(list.body.data.map((s: any) => s.id)).toEqual([session.id]);
      const get = await call(app, 'GET', `${BASE}/${session.id}`, { token: reader });
      expect(get.body).toEqual({ ...session, events: [] });
    });

    it('a key of another area cannot even read', async () => {
      const tenant = await createTenant(app);
      const session = await createSession(tenant.key);
      const recordsOnly = await createKey(app, tenant, ['RECORDS:*']);

      const list = await call(app, 'GET', BASE, { token: recordsOnly });
      expectError(list, 403, 'INSUFFICIENT_SCOPE');
      expect(list.body.details).toEqual({ required: 'PRODUCTS:READ' });
      expectError(
        await call(app, 'GET', `${BASE}/${session.id}`, { token: recordsOnly }),
        403,
        'INSUFFICIENT_SCOPE',
      );

      const writer = await createKey(app, tenant, ['PRODUCTS:*']);
      const created = await createSession(writer);
      expect(created.userId).toBe(tenant.userId);
    });

    it('401 without credentials on every route', async () => {
      const tenant = await createTenant(app);
      const session = await createSession(tenant.key);
      const routes = [['GET', BASE, undefined], ['POST', BASE, {}], ...everyRoute(session.id)] as const;
      for (const [method, url, body] of routes) {
        const res = await call(app, method, url, { body });
        expect({ route: `${method} ${url}`, status: res.status }).toEqual({
          route: `${method} ${url}`,
          status: 401,
        });
        expectError(res, 401, 'UNAUTHENTICATED');
      }
      const bogus = await call(app, 'GET', BASE, { token: 'rt_test_not-a-real-key' });
      expectError(bogus, 401, 'UNAUTHENTICATED');

      // Nothing changed.
      const fetched = await call(app, 'GET', `${BASE}/${session.id}`, { token: tenant.key });
      expect(fetched.body).toEqual({ ...session, events: [] });
    });
  });
});
