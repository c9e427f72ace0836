import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeysService } from '@app/auth';
import { PrismaService } from '@app/database';
import { mintSessionToken } from '@app/testing/clerk-tokens';
import { call, createKey, createTenant, createTestApp, createOrgMember } from './support/test-app';
import { expectError } from './support/assertions';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('records (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function createRecord(token: string, body: Record<string, unknown>): Promise<any> {
    const res = await call(app, 'POST', '/v1/records', { token, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body;
  }

  /** Creates records one after the other and returns them (oldest first). */
  async function createRecords(token: string, type: string, names: string[]): Promise<any[]> {
    const created: any[] = [];
    for (const name of names) created.push(await createRecord(token, { type, name }));
    return created;
  }

  /** API order is newest first by id (UUIDv7, time ordered). */
  const newestFirst = (records: Array<{ id: string }>) =>
    [...records]
      .map((r) => r.id)
      .sort()
      .reverse();

  describe('create and read', () => {
    it('creates a record with defaults and returns every field of the Record object', async () => {
      const tenant = await createTenant(app);
      const res = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 'document', name: 'Project Plan Q3' },
      });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V7),
        userId: tenant.userId,
        organizationId: null,
        type: 'document',
        name: 'Project Plan Q3',
        metadata: {},
        messages: null,
        productSurfaceId: null,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
        metadataSchema: { keys: [] },
        metadataLabels: {},
      });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('stores metadata, messages and labels, and derives metadataSchema.keys', async () => {
      const tenant = await createTenant(app);
      const body = {
        type: '  workflow  ',
        name: 'Customer Onboarding',
        metadata: { priority: 'high', category: 'automation', tags: ['ai', 'workflow'], nested: { n: 1 } },
        messages: [{ role: 'system', content: 'created' }, 'plain string'],
        metadataLabels: { priority: 'Priority Level', category: 'Record Category' },
      };
      const created = await createRecord(tenant.key, body);

      expect(created).toMatchObject({
        type: 'workflow', // trimmed
        name: 'Customer Onboarding',
        metadata: body.metadata,
        messages: body.messages,
        metadataLabels: body.metadataLabels,
      });
      // jsonb does not keep key order: compare the key set.
      expect([...created.metadataSchema.keys].sort()).toEqual(['category', 'nested', 'priority', 'tags']);

      const fetched = await call(app, 'GET', `/v1/records/${created.id}`, { token: tenant.key });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(created);
    });

    it('answers with the caller-supplied x-request-id', async () => {
      const tenant = await createTenant(app);
      const requestId = `rec-test-${randomUUID()}`;
      const ok = await call(app, 'GET', '/v1/records', {
        token: tenant.key,
        headers: { 'x-request-id': requestId },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers['x-request-id']).toBe(requestId);

      const missing = await call(app, 'GET', `/v1/records/${randomUUID()}`, {
        token: tenant.key,
        headers: { 'x-request-id': requestId },
      });
      expectError(missing, 404, 'NOT_FOUND');
      expect(missing.body.requestId).toBe(requestId);
    });

    it('rejects a duplicate type + name with 409 and names the pair', async () => {
      const tenant = await createTenant(app);
      const first = await createRecord(tenant.key, { type: 'invoice', name: 'INV-1' });

      const res = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 'invoice', name: 'INV-1', metadata: { other: true } },
      });
      expectError(res, 409, 'CONFLICT');
      expect(res.body.details).toEqual({ type: 'invoice', name: 'INV-1' });

      // The same name under another type, and the same pair in another tenant, are fine.
      await createRecord(tenant.key, { type: 'receipt', name: 'INV-1' });
      const other = await createTenant(app);
      await createRecord(other.key, { type: 'invoice', name: 'INV-1' });

      const list = await call(app, 'GET', '/v1/records?type=invoice', { token: tenant.key });
      expect(list.body.data.map((r: any) => r.id)).toEqual([first.id]);
      expect(list.body.data[0].metadata).toEqual({});
    });
  });

  describe('update', () => {
    it('replaces metadata as a whole and keeps the fields not given', async () => {
      const tenant = await createTenant(app);
      const created = await createRecord(tenant.key, {
        type: 'ticket',
        name: 'T-1',
        metadata: { a: 1, b: 2 },
        messages: [{ role: 'user', content: 'hi' }],
        metadataLabels: { a: 'A' },
      });

      const res = await call(app, 'PUT', `/v1/records/${created.id}`, {
        token: tenant.key,
        body: { metadata: { c: 3 } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...created,
        metadata: { c: 3 },
        metadataSchema: { keys: ['c'] },
        updatedAt: expect.stringMatching(ISO),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

      const fetched = await call(app, 'GET', `/v1/records/${created.id}`, { token: tenant.key });
      expect(fetched.body.metadata).toEqual({ c: 3 });
      expect(fetched.body.messages).toEqual([{ role: 'user', content: 'hi' }]);
      expect(fetched.body.metadataLabels).toEqual({ a: 'A' });
    });

    it('renames, and clears messages and labels with null', async () => {
      const tenant = await createTenant(app);
      const created = await createRecord(tenant.key, {
        type: 'ticket',
        name: 'old name',
        messages: ['m'],
        metadataLabels: { x: 'X' },
      });

      const res = await call(app, 'PUT', `/v1/records/${created.id}`, {
        token: tenant.key,
        body: { name: 'new name', messages: null, metadataLabels: null },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: created.id,
        type: 'ticket',
        name: 'new name',
        metadata: {},
        messages: null,
        metadataLabels: {},
      });

      const list = await call(app, 'GET', '/v1/records?type=ticket', { token: tenant.key });
      expect(list.body.data.map((r: any) => r.name)).toEqual(['new name']);
    });

    it('409 when a rename lands on an existing type + name; the same name under another type is fine', async () => {
      const tenant = await createTenant(app);
      const taken = await createRecord(tenant.key, { type: 'contact', name: 'Ada' });
      const mover = await createRecord(tenant.key, { type: 'contact', name: 'Grace', metadata: { k: 1 } });
      const otherType = await createRecord(tenant.key, { type: 'company', name: 'Hopper Inc' });

      const clash = await call(app, 'PUT', `/v1/records/${mover.id}`, {
        token: tenant.key,
        body: { name: 'Ada', metadata: { k: 2 } },
      });
      expectError(clash, 409, 'CONFLICT');
      // The body names the whole clashing pair, the stored type included.
      expect(clash.body.details).toEqual({ type: 'contact', name: 'Ada' });

      // Nothing of the failed update was written.
      const unchanged = await call(app, 'GET', `/v1/records/${mover.id}`, { token: tenant.key });
      expect(unchanged.body).toMatchObject({ name: 'Grace', metadata: { k: 1 } });

      // Moving to another type under a taken name of that type clashes too.
      const typeClash = await call(app, 'PUT', `/v1/records/${otherType.id}`, {
        token: tenant.key,
        body: { type: 'contact', name: 'Ada' },
      });
      expectError(typeClash, 409, 'CONFLICT');
      expect(typeClash.body.details).toEqual({ type: 'contact', name: 'Ada' });
      const typeOnly = await call(app, 'PUT', `/v1/records/${otherType.id}`, {
        token: tenant.key,
        body: { type: 'contact' },
      });
      expect(typeOnly.status).toBe(200); // 'Hopper Inc' is free under 'contact'
      const back = await call(app, 'PUT', `/v1/records/${otherType.id}`, {
        token: tenant.key,
        body: { type: 'company' },
      });
      expect(back.body).toMatchObject({ type: 'company', name: 'Hopper Inc' });
      await createRecord(tenant.key, { type: 'contact', name: 'Hopper Inc' });
      const typeOnlyClash = await call(app, 'PUT', `/v1/records/${otherType.id}`, {
        token: tenant.key,
        body: { type: 'contact' },
      });
      expectError(typeOnlyClash, 409, 'CONFLICT');
      expect(typeOnlyClash.body.details).toEqual({ type: 'contact', name: 'Hopper Inc' });

      const sameNameOtherType = await call(app, 'PUT', `/v1/records/${otherType.id}`, {
        token: tenant.key,
        body: { name: 'Ada' },
      });
      expect(sameNameOtherType.status).toBe(200);
      expect(sameNameOtherType.body).toMatchObject({ id: otherType.id, type: 'company', name: 'Ada' });

      // Renaming a record onto its own current name is not a clash.
      const self = await call(app, 'PUT', `/v1/records/${taken.id}`, {
        token: tenant.key,
        body: { name: 'Ada' },
      });
      expect(self.status).toBe(200);
      expect(self.body.name).toBe('Ada');
    });

    it('validates the update body', async () => {
      const tenant = await createTenant(app);
      const created = await createRecord(tenant.key, { type: 't', name: 'n' });
      const res = await call(app, 'PUT', `/v1/records/${created.id}`, {
        token: tenant.key,
        body: { name: '', metadata: [1], id: 'x' },
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      const paths = (res.body.details as any[]).map((d) => d.path).sort();
      expect(paths).toEqual(['id', 'metadata', 'name']);
    });
  });

  describe('delete', () => {
    it('deletes, then the record is 404 everywhere and gone from the list', async () => {
      const tenant = await createTenant(app);
      const [keep, gone] = await createRecords(tenant.key, 'note', ['keep', 'gone']);

      const res = await call(app, 'DELETE', `/v1/records/${gone.id}`, { token: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: gone.id, deleted: true });

      expectError(await call(app, 'GET', `/v1/records/${gone.id}`, { token: tenant.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'PUT', `/v1/records/${gone.id}`, { token: tenant.key, body: { name: 'x' } }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await call(app, 'DELETE', `/v1/records/${gone.id}`, { token: tenant.key }),
        404,
        'NOT_FOUND',
      );

      const list = await call(app, 'GET', '/v1/records?includeCount=true', { token: tenant.key });
      expect(list.body.data.map((r: any) => r.id)).toEqual([keep.id]);
      expect(list.body.pagination.totalCount).toBe(1);

      // The name is free again.
      const again = await createRecord(tenant.key, { type: 'note', name: 'gone' });
      expect(again.id).not.toBe(gone.id);
    });
  });

  describe('list', () => {
    it('filters by type and searches names case-insensitively', async () => {
      const tenant = await createTenant(app);
      const inv1 = await createRecord(tenant.key, { type: 'invoice', name: 'Alpha Report' });
      const inv2 = await createRecord(tenant.key, { type: 'invoice', name: 'gamma' });
      const cust = await createRecord(tenant.key, { type: 'customer', name: 'beta REPORT' });

      const byType = await call(app, 'GET', '/v1/records?type=invoice&includeCount=true', {
        token: tenant.key,
      });
      expect(byType.status).toBe(200);
      expect(byType.body.data.map((r: any) => r.id).sort()).toEqual([inv1.id, inv2.id].sort());
      expect(byType.body.data.every((r: any) => r.type === 'invoice')).toBe(true);
      expect(byType.body.pagination.totalCount).toBe(2);

      const search = await call(app, 'GET', '/v1/records?search=report', { token: tenant.key });
      expect(search.body.data.map((r: any) => r.id).sort()).toEqual([inv1.id, cust.id].sort());

      const both = await call(app, 'GET', '/v1/records?search=Report&type=customer', { token: tenant.key });
      expect(both.body.data.map((r: any) => r.id)).toEqual([cust.id]);

      const none = await call(app, 'GET', '/v1/records?type=nothing-here&includeCount=true', {
        token: tenant.key,
      });
      expect(none.body).toEqual({
        data: [],
        pagination: {
          currentOffset: 0,
          hasMore: false,
          hasPrev: false,
          limit: 20,
          nextCursor: null,
          prevCursor: null,
          currentPage: 1,
          totalCount: 0,
          totalPages: 1,
        },
      });
    });

    it('treats search as literal text (LIKE wildcards do not match anything)', async () => {
      const tenant = await createTenant(app);
      const literal = await createRecord(tenant.key, { type: 'code', name: 'a_b 100%' });
      await createRecord(tenant.key, { type: 'code', name: 'axb 1000' });
      const slashed = await createRecord(tenant.key, { type: 'code', name: 'C:\\temp' });

      const underscore = await call(app, 'GET', '/v1/records?search=a_b', { token: tenant.key });
      const percent = await call(app, 'GET', `/v1/records?search=${encodeURIComponent('100%')}`, {
        token: tenant.key,
      });
      const backslash = await call(app, 'GET', `/v1/records?search=${encodeURIComponent('\\')}`, {
        token: tenant.key,
      });
      expect({
        underscore: underscore.body.data.map((r: any) => r.id),
        percent: percent.body.data.map((r: any) => r.id),
        backslash: backslash.body.data.map((r: any) => r.id),
      }).toEqual({ underscore: [literal.id], percent: [literal.id], backslash: [slashed.id] });
    });

    it('walks pages forwards with nextCursor and back with prevCursor, newest first', async () => {
      const tenant = await createTenant(app);
      const created = await createRecords(tenant.key, 'page', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
      // Another type, to check that cursors keep the filter.
      await createRecords(tenant.key, 'other', ['o1', 'o2']);
      const expected = newestFirst(created);

      const page1 = await call(app, 'GET', '/v1/records?type=page&limit=3', { token: tenant.key });
      expect(page1.status).toBe(200);
      expect(page1.body.data.map((r: any) => r.id)).toEqual(expected.slice(0, 3));
      expect(page1.body.pagination).toMatchObject({
        currentOffset: 0,
        hasMore: true,
        hasPrev: false,
        limit: 3,
        nextCursor: expect.any(String),
        prevCursor: null,
        currentPage: 1,
        totalCount: null,
        totalPages: null,
      });

      const page2 = await call(
        app,
        'GET',
        `/v1/records?type=page&limit=3&cursor=${encodeURIComponent(page1.body.pagination.nextCursor)}`,
        { token: tenant.key },
      );
      expect(page2.body.data.map((r: any) => r.id)).toEqual(expected.slice(3, 6));
      expect(page2.body.pagination).toMatchObject({
        currentOffset: 3,
        hasMore: true,
        hasPrev: true,
        nextCursor: expect.any(String),
        prevCursor: expect.any(String),
        currentPage: 2,
      });

      const page3 = await call(
        app,
        'GET',
        `/v1/records?type=page&limit=3&includeCount=true&cursor=${encodeURIComponent(page2.body.pagination.nextCursor)}`,
        { token: tenant.key },
      );
      expect(page3.body.data.map((r: any) => r.id)).toEqual(expected.slice(6));
      expect(page3.body.pagination).toMatchObject({
        currentOffset: 6,
        hasMore: false,
        hasPrev: true,
        nextCursor: null,
        prevCursor: expect.any(String),
        currentPage: 3,
        totalCount: 7,
        totalPages: 3,
      });

      // Forwards: every record exactly once, in order.
      const forwards = [...page1.body.data, ...page2.body.data, ...page3.body.data].map((r: any) => r.id);
      expect(forwards).toEqual(expected);
      expect(new Set(forwards).size).toBe(7);
      const createdAts = [...page1.body.data, ...page2.body.data, ...page3.body.data].map((r: any) =>
        Date.parse(r.createdAt),
      );
      expect(createdAts).toEqual([...createdAts].sort((a, b) => b - a));

      // Backwards from page 3: page 2 again, then page 1 again.
      const back2 = await call(
        app,
        'GET',
        `/v1/records?type=page&limit=3&cursor=${encodeURIComponent(page3.body.pagination.prevCursor)}`,
        { token: tenant.key },
      );
      expect(back2.body.data.map((r: any) => r.id)).toEqual(expected.slice(3, 6));
      expect(back2.body.pagination).toMatchObject({
        currentOffset: 3,
        hasMore: true,
        hasPrev: true,
        currentPage: 2,
        prevCursor: expect.any(String),
        nextCursor: expect.any(String),
      });

      const back1 = await call(
        app,
        'GET',
        `/v1/records?type=page&limit=3&cursor=${encodeURIComponent(back2.body.pagination.prevCursor)}`,
        { token: tenant.key },
      );
      expect(back1.body.data.map((r: any) => r.id)).toEqual(expected.slice(0, 3));
      expect(back1.body.pagination).toMatchObject({
        currentOffset: 0,
        hasMore: true,
        hasPrev: false,
        prevCursor: null,
        currentPage: 1,
      });

      // A next cursor taken from a page reached backwards leads forwards again.
      const forwardAgain = await call(
        app,
        'GET',
        `/v1/records?type=page&limit=3&cursor=${encodeURIComponent(back1.body.pagination.nextCursor)}`,
        { token: tenant.key },
      );
      expect(forwardAgain.body.data.map((r: any) => r.id)).toEqual(expected.slice(3, 6));
    });

    it('includeCount=true computes totals for the filter; without it they are null', async () => {
      const tenant = await createTenant(app);
      await createRecords(tenant.key, 'counted', ['c1', 'c2', 'c3', 'c4', 'c5']);
      await createRecords(tenant.key, 'uncounted', ['u1']);

      const counted = await call(app, 'GET', '/v1/records?type=counted&limit=2&includeCount=true', {
        token: tenant.key,
      });
      expect(counted.body.data).toHaveLength(2);
      expect(counted.body.pagination).toMatchObject({
        limit: 2,
        totalCount: 5,
        totalPages: 3,
        hasMore: true,
      });

      const all = await call(app, 'GET', '/v1/records?includeCount=1', { token: tenant.key });
      expect(all.body.data).toHaveLength(6);
      expect(all.body.pagination).toMatchObject({ limit: 20, totalCount: 6, totalPages: 1, hasMore: false });

      const noCount = await call(app, 'GET', '/v1/records?includeCount=false', { token: tenant.key });
      expect(noCount.body.pagination).toMatchObject({ totalCount: null, totalPages: null });
    });

    it('rejects an invalid cursor and out-of-range or non-numeric limits with 400', async () => {
      const tenant = await createTenant(app);
      await createRecord(tenant.key, { type: 't', name: 'n' });

      for (const cursor of [
        'not-a-cursor',
        Buffer.from('{"id":"x"}').toString('base64url'),
        Buffer.from('{"id":"x","offset":-1}').toString('base64url'),
      ]) {
        const res = await call(app, 'GET', `/v1/records?cursor=${encodeURIComponent(cursor)}`, {
          token: tenant.key,
        });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details).toEqual([expect.objectContaining({ path: 'cursor' })]);
      }

      for (const limit of ['0', '101', 'abc', '2.5', '-1']) {
        const res = await call(app, 'GET', `/v1/records?limit=${limit}`, { token: tenant.key });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details).toEqual([expect.objectContaining({ path: 'limit' })]);
      }

      const dir = await call(app, 'GET', '/v1/records?direction=sideways', { token: tenant.key });
      expectError(dir, 400, 'VALIDATION_FAILED');
      expect(dir.body.details).toEqual([expect.objectContaining({ path: 'direction' })]);

      const unknown = await call(app, 'GET', '/v1/records?sort=name', { token: tenant.key });
      expectError(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.details).toEqual([expect.objectContaining({ path: 'sort' })]);

      // The bounds themselves are fine.
      expect((await call(app, 'GET', '/v1/records?limit=1', { token: tenant.key })).status).toBe(200);
      const max = await call(app, 'GET', '/v1/records?limit=100', { token: tenant.key });
      expect(max.status).toBe(200);
      expect(max.body.pagination.limit).toBe(100);
    });
  });

  describe('cursor tampering', () => {
    it('a tampered cursor whose id is not a UUID is a 400, not a 500', async () => {
      const tenant = await createTenant(app);
      const cursor = Buffer.from('{"id":"x","offset":0}').toString('base64url');
      const res = await call(app, 'GET', `/v1/records?cursor=${cursor}`, { token: tenant.key });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('request validation', () => {
    it('400 with per-field details for missing, mistyped and unknown fields', async () => {
      const tenant = await createTenant(app);

      const missing = await call(app, 'POST', '/v1/records', { token: tenant.key, body: { type: 'doc' } });
      expectError(missing, 400, 'VALIDATION_FAILED');
      expect(missing.body.details).toEqual([
        { path: 'name', message: expect.any(String), code: 'invalid_type' },
      ]);

      const wrongTypes = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 'doc', name: 'n', metadata: 'x' },
      });
      expectError(wrongTypes, 400, 'VALIDATION_FAILED');
      expect(wrongTypes.body.details).toEqual([
        { path: 'metadata', message: expect.any(String), code: 'invalid_type' },
      ]);

      const several = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 42, name: '   ', messages: 'nope', metadataLabels: { a: 1 } },
      });
      expectError(several, 400, 'VALIDATION_FAILED');
      expect(
        (several.body.details as any[])
          .map((d) => ({ path: d.path, code: d.code }))
          .sort((a, b) => a.path.localeCompare(b.path)),
      ).toEqual([
        { path: 'messages', code: 'invalid_type' },
        { path: 'metadataLabels.a', code: 'invalid_type' },
        { path: 'name', code: 'too_small' },
        { path: 'type', code: 'invalid_type' },
      ]);

      const unknown = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 'doc', name: 'n', colour: 'red' },
      });
      expectError(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.details).toEqual([
        { path: 'colour', message: expect.any(String), code: 'unrecognized_keys' },
      ]);

      const tooLong = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 'doc', name: 'x'.repeat(501) },
      });
      expectError(tooLong, 400, 'VALIDATION_FAILED');
      expect(tooLong.body.details).toEqual([expect.objectContaining({ path: 'name', code: 'too_big' })]);

      // Nothing was written.
      const list = await call(app, 'GET', '/v1/records?includeCount=true', { token: tenant.key });
      expect(list.body.pagination.totalCount).toBe(0);
    });

    it('400 INVALID_JSON for malformed JSON, VALIDATION_FAILED for a missing body', async () => {
      const tenant = await createTenant(app);
      for (const rawBody of ['{"type": "doc", "name": ', '{type: doc}']) {
        const res = await call(app, 'POST', '/v1/records', { token: tenant.key, rawBody });
        expectError(res, 400, 'INVALID_JSON');
      }
      const empty = await call(app, 'POST', '/v1/records', { token: tenant.key, rawBody: '' });
      expectError(empty, 400, 'VALIDATION_FAILED');
      expect(empty.body.details[0]).toMatchObject({ path: '(root)', code: 'invalid_type' });
      const notObject = await call(app, 'POST', '/v1/records', { token: tenant.key, rawBody: '[1,2]' });
      expectError(notObject, 400, 'VALIDATION_FAILED');

      const list = await call(app, 'GET', '/v1/records?includeCount=true', { token: tenant.key });
      expect(list.body.pagination.totalCount).toBe(0);
    });
  });

  describe('authentication', () => {
    it('401 without credentials and with garbage tokens', async () => {
      const tenant = await createTenant(app);
      const record = await createRecord(tenant.key, { type: 't', name: 'n' });

      const none = await call(app, 'GET', '/v1/records');
      expectError(none, 401, 'UNAUTHENTICATED');
      const noneWrite = await call(app, 'POST', '/v1/records', { body: { type: 't', name: 'other' } });
      expectError(noneWrite, 401, 'UNAUTHENTICATED');

      for (const token of [
        'garbage',
        'rt_test_garbage',
        `rt_live_${'A'.repeat(43)}`,
        tenant.key.slice(0, -1) + (tenant.key.endsWith('A') ? 'B' : 'A'),
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      ]) {
        const res = await call(app, 'GET', `/v1/records/${record.id}`, { token });
        expectError(res, 401, 'UNAUTHENTICATED');
      }

      // A session token signed with another key, and an expired one.
      const { privateKey } = await import('node:crypto').then(({ generateKeyPairSync }) =>
        generateKeyPairSync('rsa', { modulusLength: 2048 }),
      );
      const forged = mintSessionToken({
        userId: tenant.userId,
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      expectError(await call(app, 'GET', '/v1/records', { token: forged }), 401, 'UNAUTHENTICATED');
      const expired = mintSessionToken({ userId: tenant.userId, expiresIn: -60 });
      expectError(await call(app, 'GET', '/v1/records', { token: expired }), 401, 'UNAUTHENTICATED');

      // Nothing was created by the refused write.
      const list = await call(app, 'GET', '/v1/records', { token: tenant.key });
      expect(list.body.data.map((r: any) => r.id)).toEqual([record.id]);
    });

    it('a Clerk session token reaches the records of its own tenant', async () => {
      const tenant = await createTenant(app);
      const record = await createRecord(tenant.key, { type: 't', name: 'via key' });
      const session = mintSessionToken({ userId: tenant.userId });

      const list = await call(app, 'GET', '/v1/records', { token: session });
      expect(list.status).toBe(200);
      expect(list.body.data.map((r: any) => r.id)).toEqual([record.id]);

      const created = await createRecord(session, { type: 't', name: 'via session' });
      expect(created).toMatchObject({ userId: tenant.userId, organizationId: null });
    });

    it('401 with an expired key', async () => {
      const tenant = await createTenant(app);
      const record = await createRecord(tenant.key, { type: 't', name: 'n' });
      const expiring = await createKey(app, tenant, ['*'], { expiresAt: new Date(Date.now() + 3_600_000) });
      expect((await call(app, 'GET', `/v1/records/${record.id}`, { token: expiring })).status).toBe(200);

      // Test setup: move the expiry into the past instead of waiting for it.
      const prisma = app.get(PrismaService);
      const { count } = await prisma.apiKey.updateMany({
        where: { userId: tenant.userId, name: 'scoped key' },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect(count).toBe(1);

      const res = await call(app, 'GET', `/v1/records/${record.id}`, { token: expiring });
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.body.error).toMatch(/expired/i);
      expectError(
        await call(app, 'POST', '/v1/records', { token: expiring, body: { type: 't', name: 'x' } }),
        401,
        'UNAUTHENTICATED',
      );
      // The tenant's other key is unaffected.
      expect((await call(app, 'GET', `/v1/records/${record.id}`, { token: tenant.key })).status).toBe(200);
    });

    it('401 with a key revoked through DELETE /v1/api-keys/:id, at once', async () => {
      const tenant = await createTenant(app);
      const record = await createRecord(tenant.key, { type: 't', name: 'n' });
      const issued = await call(app, 'POST', '/v1/api-keys', {
        token: tenant.key,
        body: { name: 'to revoke', scopes: ['RECORDS:*'] },
      });
      expect(issued.status).toBe(201);
      const key: string = issued.body.key;

      expect((await call(app, 'GET', `/v1/records/${record.id}`, { token: key })).status).toBe(200);

      const revoked = await call(app, 'DELETE', `/v1/api-keys/${issued.body.id}`, { token: tenant.key });
      expect(revoked.body).toEqual({ id: issued.body.id, deleted: true });

      const res = await call(app, 'GET', `/v1/records/${record.id}`, { token: key });
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.body.error).toMatch(/revoked/i);
      expectError(
        await call(app, 'DELETE', `/v1/records/${record.id}`, { token: key }),
        401,
        'UNAUTHENTICATED',
      );
      expect((await call(app, 'GET', `/v1/records/${record.id}`, { token: tenant.key })).status).toBe(200);
    });
  });

  describe('scopes', () => {
    it('a RECORDS:READ key can read but not write (403 INSUFFICIENT_SCOPE)', async () => {
      const tenant = await createTenant(app);
      const record = await createRecord(tenant.key, { type: 't', name: 'existing' });
      const reader = await createKey(app, tenant, ['RECORDS:READ']);

      const post = await call(app, 'POST', '/v1/records', {
        token: reader,
        body: { type: 't', name: 'new' },
      });
      expectError(post, 403, 'INSUFFICIENT_SCOPE');
      expect(post.body.details).toEqual({ required: 'RECORDS:WRITE' });

      const put = await call(app, 'PUT', `/v1/records/${record.id}`, {
        token: reader,
        body: { name: 'renamed' },
      });
      expectError(put, 403, 'INSUFFICIENT_SCOPE');
      const del = await call(app, 'DELETE', `/v1/records/${record.id}`, { token: reader });
      expectError(del, 403, 'INSUFFICIENT_SCOPE');

      const list = await call(app, 'GET', '/v1/records', { token: reader });
      expect(list.status).toBe(200);
      expect(list.body.data.map((r: any) => r.id)).toEqual([record.id]);
      const get = await call(app, 'GET', `/v1/records/${record.id}`, { token: reader });
      expect(get.body.name).toBe('existing');
    });

    it('a RECORDS:* key can write; a key of another area cannot even read', async () => {
      const tenant = await createTenant(app);
      const area = await createKey(app, tenant, ['RECORDS:*']);
      const created = await createRecord(area, { type: 't', name: 'by area key' });
      expect(created.userId).toBe(tenant.userId);

      const updated = await call(app, 'PUT', `/v1/records/${created.id}`, {
        token: area,
        body: { metadata: { x: 1 } },
      });
      expect(updated.body.metadata).toEqual({ x: 1 });

      const writeOnly = await createKey(app, tenant, ['RECORDS:WRITE']);
      const wo = await createRecord(writeOnly, { type: 't', name: 'by write key' });
      expectError(
        await call(app, 'GET', `/v1/records/${wo.id}`, { token: writeOnly }),
        403,
        'INSUFFICIENT_SCOPE',
      );

      const flowsOnly = await createKey(app, tenant, ['FLOWS:*', 'PRODUCTS:READ']);
      const res = await call(app, 'GET', '/v1/records', { token: flowsOnly });
      expectError(res, 403, 'INSUFFICIENT_SCOPE');
      expect(res.body.details).toEqual({ required: 'RECORDS:READ' });

      const del = await call(app, 'DELETE', `/v1/records/${created.id}`, { token: area });
      expect(del.body).toEqual({ id: created.id, deleted: true });
    });
  });

  describe('tenancy', () => {
    it("another tenant's record is 404 on get, put and delete, and absent from its list", async () => {
      const a = await createTenant(app);
      const b = await createTenant(app);
      const record = await createRecord(a.key, { type: 'secret', name: 'A only', metadata: { v: 1 } });
      const bOwn = await createRecord(b.key, { type: 'secret', name: 'B only' });

      expectError(await call(app, 'GET', `/v1/records/${record.id}`, { token: b.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'PUT', `/v1/records/${record.id}`, {
          token: b.key,
          body: { name: 'hijacked', metadata: {} },
        }),
        404,
        'NOT_FOUND',
      );
      expectError(await call(app, 'DELETE', `/v1/records/${record.id}`, { token: b.key }), 404, 'NOT_FOUND');

      const bList = await call(app, 'GET', '/v1/records?includeCount=true', { token: b.key });
      expect(bList.body.data.map((r: any) => r.id)).toEqual([bOwn.id]);
      expect(bList.body.pagination.totalCount).toBe(1);
      const bSearch = await call(app, 'GET', '/v1/records?search=only', { token: b.key });
      expect(bSearch.body.data.map((r: any) => r.id)).toEqual([bOwn.id]);

      // Untouched for its owner.
      const mine = await call(app, 'GET', `/v1/records/${record.id}`, { token: a.key });
      expect(mine.body).toEqual(record);
    });

    it('a malformed or unknown id is a 404', async () => {
      const tenant = await createTenant(app);
      for (const id of ['abc', '123', 'not-a-uuid-at-all', `${randomUUID()}x`]) {
        const res = await call(app, 'GET', `/v1/records/${id}`, { token: tenant.key });
        expectError(res, 404, 'NOT_FOUND');
      }
      expectError(
        await call(app, 'PUT', '/v1/records/abc', { token: tenant.key, body: { name: 'x' } }),
        404,
        'NOT_FOUND',
      );
      expectError(await call(app, 'DELETE', '/v1/records/abc', { token: tenant.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'GET', `/v1/records/${randomUUID()}`, { token: tenant.key }),
        404,
        'NOT_FOUND',
      );
    });

    it('members of one organization share records; outsiders and personal tenants do not see them', async () => {
      const member1 = await createTenant(app, { org: true });
      const { userId: member2UserId, key: member2 } = await createOrgMember(app, member1);
      const outsider = await createTenant(app, { org: true });
      const { key: member1Personal } = await app
        .get(ApiKeysService)
        .create({ userId: member1.userId, orgId: null }, { name: 'personal', scopes: ['*'] });

      const byMember1 = await createRecord(member1.key, { type: 'shared', name: 'from member 1' });
      expect(byMember1).toMatchObject({ userId: member1.userId, organizationId: member1.orgId });
      const byMember2 = await createRecord(member2, { type: 'shared', name: 'from member 2' });
      expect(byMember2).toMatchObject({ userId: member2UserId, organizationId: member1.orgId });

      // Each member sees (and can edit) the other's record.
      const seenBy2 = await call(app, 'GET', `/v1/records/${byMember1.id}`, { token: member2 });
      expect(seenBy2.body).toEqual(byMember1);
      const list1 = await call(app, 'GET', '/v1/records?type=shared', { token: member1.key });
      expect(list1.body.data.map((r: any) => r.id)).toEqual(newestFirst([byMember1, byMember2]));
      const edited = await call(app, 'PUT', `/v1/records/${byMember2.id}`, {
        token: member1.key,
        body: { metadata: { reviewed: true } },
      });
      expect(edited.body).toMatchObject({ metadata: { reviewed: true }, userId: member2UserId });

      // One namespace per organization: member 2 cannot reuse member 1's type + name.
      const dup = await call(app, 'POST', '/v1/records', {
        token: member2,
        body: { type: 'shared', name: 'from member 1' },
      });
      expectError(dup, 409, 'CONFLICT');

      // Another org, and member 1 outside the org, see none of it.
      expectError(
        await call(app, 'GET', `/v1/records/${byMember1.id}`, { token: outsider.key }),
        404,
        'NOT_FOUND',
      );
      const outsiderList = await call(app, 'GET', '/v1/records', { token: outsider.key });
      expect(outsiderList.body.data).toEqual([]);
      expectError(
        await call(app, 'GET', `/v1/records/${byMember2.id}`, { token: member1Personal }),
        404,
        'NOT_FOUND',
      );
      const personalList = await call(app, 'GET', '/v1/records', { token: member1Personal });
      expect(personalList.body.data).toEqual([]);

      // A Clerk session in the organization sees the org's records too.
      const orgSession = mintSessionToken({ userId: member2UserId, orgId: member1.orgId! });
      const sessionList = await call(app, 'GET', '/v1/records?type=shared&includeCount=true', {
        token: orgSession,
      });
      expect(sessionList.body.pagination.totalCount).toBe(2);
    });
  });
});
