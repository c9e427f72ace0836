import { createHash, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@app/database';
import { mintSessionToken } from '@app/testing/clerk-tokens';
import { call, createKey, createTenant, createTestApp, type TestResponse } from './support/test-app';
import { expectError, issuePaths } from './support/assertions';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// 32 random bytes, base64url: 43 characters.
const TEST_KEY = /^rt_test_[A-Za-z0-9_-]{43}$/;
const LIVE_KEY = /^rt_live_[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('api keys (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function issueKey(token: string, body: Record<string, unknown>): Promise<any> {
    const res = await call(app, 'POST', '/v1/api-keys', { token, body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body;
  }

  async function listKeys(token: string, query = ''): Promise<TestResponse> {
    const res = await call(app, 'GET', `/v1/api-keys${query}`, { token });
    expect(res.status).toBe(200);
    return res;
  }

  describe('create', () => {
    it('returns the plaintext once, with rt_test_ for test keys and rt_live_ for production keys', async () => {
      const tenant = await createTenant(app);
      const expiresAt = new Date(Date.now() + 7 * 24 * 3_600_000);

      const test = await issueKey(tenant.key, {
        name: '  CI reader  ',
        scopes: ['RECORDS:READ', 'FLOWS:*', 'RECORDS:READ'],
        environment: 'test',
        expiresAt: expiresAt.toISOString(),
      });
      expect(test).toEqual({
        id: expect.stringMatching(UUID_V7),
        name: 'CI reader',
        prefix: test.key.slice(0, 12),
        lastFour: test.key.slice(-4),
        scopes: ['RECORDS:READ', 'FLOWS:*'],
        environment: 'test',
        expiresAt: expiresAt.toISOString(),
        lastUsedAt: null,
        createdAt: expect.stringMatching(ISO),
        userId: tenant.userId,
        organizationId: null,
        key: expect.stringMatching(TEST_KEY),
      });
      expect(test.prefix).toMatch(/^rt_test_.{4}$/);

      const live = await issueKey(tenant.key, { name: 'prod', environment: 'production' });
      expect(live).toMatchObject({
        environment: 'production',
        scopes: ['*'],
        expiresAt: null,
        key: expect.stringMatching(LIVE_KEY),
        prefix: live.key.slice(0, 12),
        lastFour: live.key.slice(-4),
      });

      // Defaults: a test key with every scope.
      const plain = await issueKey(tenant.key, { name: 'defaults' });
      expect(plain).toMatchObject({
        environment: 'test',
        scopes: ['*'],
        key: expect.stringMatching(TEST_KEY),
      });

      expect(new Set([test.key, live.key, plain.key, tenant.key]).size).toBe(4);
    });

    it('a new key works at once, whichever header carries it', async () => {
      const tenant = await createTenant(app);
      const created = await call(app, 'POST', '/v1/records', {
        token: tenant.key,
        body: { type: 't', name: 'visible' },
      });
      const reader = await issueKey(tenant.key, { name: 'reader', scopes: ['RECORDS:READ'] });

      const viaBearer = await call(app, 'GET', '/v1/records', { token: reader.key });
      expect(viaBearer.status).toBe(200);
      expect(viaBearer.body.data.map((r: any) => r.id)).toEqual([created.body.id]);

      const viaHeader = await call(app, 'GET', '/v1/records', { headers: { 'x-api-key': reader.key } });
      expect(viaHeader.body.data.map((r: any) => r.id)).toEqual([created.body.id]);
      const bare = await call(app, 'GET', '/v1/records', { headers: { authorization: reader.key } });
      expect(bare.body.data.map((r: any) => r.id)).toEqual([created.body.id]);

      // Its scopes are enforced.
      expectError(
        await call(app, 'POST', '/v1/records', { token: reader.key, body: { type: 't', name: 'x' } }),
        403,
        'INSUFFICIENT_SCOPE',
      );

      const live = await issueKey(tenant.key, {
        name: 'live',
        environment: 'production',
        scopes: ['RECORDS:*'],
      });
      const byLive = await call(app, 'POST', '/v1/records', {
        token: live.key,
        body: { type: 't', name: 'by live' },
      });
      expect(byLive.status).toBe(201);
      expect(byLive.body.userId).toBe(tenant.userId);
    });

    it('rejects unknown scopes, bad fields and an expiry in the past with 400', async () => {
      const tenant = await createTenant(app);

      const scope = await call(app, 'POST', '/v1/api-keys', {
        token: tenant.key,
        body: { name: 'k', scopes: ['RECORDS:READ', 'RECORDS:DELETE', 'records:read'] },
      });
      expect(issuePaths(scope)).toEqual(['scopes.1', 'scopes.2']);

      for (const scopes of [['DISPATCH:*'], ['ADMIN'], ['*:*']]) {
        expect(
          issuePaths(
            await call(app, 'POST', '/v1/api-keys', { token: tenant.key, body: { name: 'k', scopes } }),
          ),
        ).toEqual(['scopes.0']);
      }
      expect(
        issuePaths(
          await call(app, 'POST', '/v1/api-keys', { token: tenant.key, body: { name: 'k', scopes: [] } }),
        ),
      ).toEqual(['scopes']);

      const past = await call(app, 'POST', '/v1/api-keys', {
        token: tenant.key,
        body: { name: 'k', expiresAt: new Date(Date.now() - 60_000).toISOString() },
      });
      expect(issuePaths(past)).toEqual(['expiresAt']);

      const fields = await call(app, 'POST', '/v1/api-keys', {
        token: tenant.key,
        body: { name: '', environment: 'staging', expiresAt: 'not a date', keyHash: 'x' },
      });
      expect(issuePaths(fields)).toEqual(['environment', 'expiresAt', 'keyHash', 'name']);

      expectError(
        await call(app, 'POST', '/v1/api-keys', { token: tenant.key, rawBody: '{"name":' }),
        400,
        'INVALID_JSON',
      );

      // Only the tenant's own key exists.
      const list = await listKeys(tenant.key, '?includeCount=true');
      expect(list.body.pagination.totalCount).toBe(1);
      expect(list.body.data.map((k: any) => k.name)).toEqual(['test key']);
    });
  });

  describe('list', () => {
    it('shows name, prefix, lastFour and scopes, never the plaintext or its hash', async () => {
      const tenant = await createTenant(app);
      const a = await issueKey(tenant.key, { name: 'alpha', scopes: ['PRODUCTS:READ'] });
      const b = await issueKey(tenant.key, {
        name: 'beta',
        scopes: ['BATCH:EXECUTE', 'SCHEDULES:*'],
        environment: 'production',
      });

      const list = await listKeys(tenant.key, '?includeCount=true');
      expect(list.body.pagination.totalCount).toBe(3);
      const byName = Object.fromEntries(list.body.data.map((k: any) => [k.name, k]));
      expect(Object.keys(byName).sort()).toEqual(['alpha', 'beta', 'test key']);
      const { key: _aKey, ...aListed } = a;
      const { key: _bKey, ...bListed } = b;
      expect(byName.alpha).toEqual({ ...aListed, lastUsedAt: null });
      expect(byName.beta).toEqual({ ...bListed, lastUsedAt: null });
      expect(byName.beta).toMatchObject({
        prefix: b.key.slice(0, 12),
        lastFour: b.key.slice(-4),
        environment: 'production',
      });
      expect(byName['test key']).toMatchObject({
        prefix: tenant.key.slice(0, 12),
        lastFour: tenant.key.slice(-4),
        scopes: ['*'],
      });
      // Newest first.
      expect(list.body.data.map((k: any) => k.id)).toEqual(
        list.body.data
          .map((k: any) => k.id)
          .sort()
          .reverse(),
      );

      const text = JSON.stringify(list.body);
      for (const key of [a.key, b.key, tenant.key]) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(key.slice(12, -4)); // the secret middle part
        expect(text).not.toContain(sha256(key));
      }
      for (const item of list.body.data) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'createdAt',
            'environment',
            'expiresAt',
            'id',
            'lastFour',
            'lastUsedAt',
            'name',
            'organizationId',
            'prefix',
            'scopes',
            'userId',
          ].sort(),
        );
      }
    });

    it("pages, and only lists the tenant's own keys", async () => {
      const tenant = await createTenant(app);
      const other = await createTenant(app);
      for (const name of ['k1', 'k2', 'k3']) await issueKey(tenant.key, { name });
      await issueKey(other.key, { name: 'other tenant key' });

      const page1 = await listKeys(tenant.key, '?limit=2&includeCount=true');
      expect(page1.body.data).toHaveLength(2);
      expect(page1.body.pagination).toMatchObject({ hasMore: true, totalCount: 4, totalPages: 2 });
      const page2 = await listKeys(tenant.key, `?limit=2&cursor=${page1.body.pagination.nextCursor}`);
      expect(page2.body.data).toHaveLength(2);
      expect(page2.body.pagination).toMatchObject({ hasMore: false, nextCursor: null });
      const names = [...page1.body.data, ...page2.body.data].map((k: any) => k.name);
      expect(names.sort()).toEqual(['k1', 'k2', 'k3', 'test key']);

      const otherList = await listKeys(other.key);
      expect(otherList.body.data.map((k: any) => k.name).sort()).toEqual(['other tenant key', 'test key']);
      expect(otherList.body.data.every((k: any) => k.userId === other.userId)).toBe(true);
    });

    it('records lastUsedAt once the key has been used', async () => {
      const tenant = await createTenant(app);
      const used = await issueKey(tenant.key, { name: 'used', scopes: ['RECORDS:READ'] });
      await issueKey(tenant.key, { name: 'unused', scopes: ['RECORDS:READ'] });

      const before = await listKeys(tenant.key);
      const find = (res: TestResponse, name: string) => res.body.data.find((k: any) => k.name === name);
      expect(find(before, 'used').lastUsedAt).toBeNull();

      const usedFrom = Date.now();
      expect((await call(app, 'GET', '/v1/records', { token: used.key })).status).toBe(200);

      const after = await listKeys(tenant.key);
      const lastUsedAt = find(after, 'used').lastUsedAt;
      expect(lastUsedAt).toEqual(expect.stringMatching(ISO));
      expect(Date.parse(lastUsedAt)).toBeGreaterThanOrEqual(usedFrom - 1000);
      expect(Date.parse(lastUsedAt)).toBeLessThanOrEqual(Date.now());
      expect(find(after, 'unused').lastUsedAt).toBeNull();
    });
  });

  describe('access', () => {
    it('a key without "*" gets 403 on every api-keys route, even with all area scopes', async () => {
      const tenant = await createTenant(app);
      const target = await issueKey(tenant.key, { name: 'target' });
      const areaKey = await createKey(app, tenant, ['RECORDS:*']);
      const allAreas = await createKey(app, tenant, [
        'PRODUCTS:*',
        'SCHEDULES:*',
        'RECORDS:*',
        'FLOWS:*',
        'BATCH:*',
      ]);

      for (const token of [areaKey, allAreas]) {
        const list = await call(app, 'GET', '/v1/api-keys', { token });
        expectError(list, 403, 'INSUFFICIENT_SCOPE');
        expect(list.body.details).toEqual({ required: '*' });
        const create = await call(app, 'POST', '/v1/api-keys', {
          token,
          body: { name: 'escalate', scopes: ['*'] },
        });
        expectError(create, 403, 'INSUFFICIENT_SCOPE');
        expectError(
          await call(app, 'DELETE', `/v1/api-keys/${target.id}`, { token }),
          403,
          'INSUFFICIENT_SCOPE',
        );
      }

      // Nothing was created or revoked.
      const list = await listKeys(tenant.key);
      expect(list.body.data.map((k: any) => k.name).sort()).toEqual([
        'scoped key',
        'scoped key',
        'target',
        'test key',
      ]);
      expect((await call(app, 'GET', '/v1/api-keys', { token: target.key })).status).toBe(200);
    });

    it('401 without credentials or with a garbage token', async () => {
      expectError(await call(app, 'GET', '/v1/api-keys'), 401, 'UNAUTHENTICATED');
      expectError(await call(app, 'POST', '/v1/api-keys', { body: { name: 'x' } }), 401, 'UNAUTHENTICATED');
      expectError(await call(app, 'GET', '/v1/api-keys', { token: 'garbage' }), 401, 'UNAUTHENTICATED');
      expectError(
        await call(app, 'DELETE', `/v1/api-keys/${randomUUID()}`, { token: 'rt_live_x' }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('a Clerk session can create and list keys of its own tenant', async () => {
      const tenant = await createTenant(app);
      const session = mintSessionToken({ userId: tenant.userId });

      const created = await issueKey(session, { name: 'from dashboard', scopes: ['FLOWS:READ'] });
      expect(created).toMatchObject({
        userId: tenant.userId,
        organizationId: null,
        scopes: ['FLOWS:READ'],
        key: expect.stringMatching(TEST_KEY),
      });

      const bySession = await listKeys(session);
      const byKey = await listKeys(tenant.key);
      expect(bySession.body.data.map((k: any) => k.name).sort()).toEqual(['from dashboard', 'test key']);
      expect(bySession.body.data.map((k: any) => k.id)).toEqual(byKey.body.data.map((k: any) => k.id));

      expect((await call(app, 'GET', '/v1/flows', { token: created.key })).status).toBe(200);

      // Another user's session sees none of them.
      const stranger = mintSessionToken({ userId: `user_${randomUUID().replace(/-/g, '')}` });
      expect((await listKeys(stranger)).body.data).toEqual([]);
    });

    it('an organization session creates keys owned by the organization, shared by its members', async () => {
      const orgId = `org_${randomUUID().replace(/-/g, '')}`;
      const admin = `user_${randomUUID().replace(/-/g, '')}`;
      const member = `user_${randomUUID().replace(/-/g, '')}`;

      const created = await issueKey(mintSessionToken({ userId: admin, orgId }), { name: 'org key' });
      expect(created).toMatchObject({ userId: admin, organizationId: orgId });

      const memberList = await listKeys(mintSessionToken({ userId: member, orgId }));
      expect(memberList.body.data.map((k: any) => k.id)).toEqual([created.id]);
      // The admin outside the organization does not see it.
      expect((await listKeys(mintSessionToken({ userId: admin }))).body.data).toEqual([]);

      // Records made with the org key belong to the org.
      const record = await call(app, 'POST', '/v1/records', {
        token: created.key,
        body: { type: 't', name: 'n' },
      });
      expect(record.body).toMatchObject({ userId: admin, organizationId: orgId });
    });
  });

  describe('revoke', () => {
    it('revokes at once: the key is 401 on its next call and gone from the list; a second delete is 404', async () => {
      const tenant = await createTenant(app);
      const doomed = await issueKey(tenant.key, { name: 'doomed', scopes: ['RECORDS:READ'] });
      const keeper = await issueKey(tenant.key, { name: 'keeper', scopes: ['RECORDS:READ'] });
      expect((await call(app, 'GET', '/v1/records', { token: doomed.key })).status).toBe(200);

      const res = await call(app, 'DELETE', `/v1/api-keys/${doomed.id}`, { token: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: doomed.id, deleted: true });

      const denied = await call(app, 'GET', '/v1/records', { token: doomed.key });
      expectError(denied, 401, 'UNAUTHENTICATED');
      expect(denied.body.error).toMatch(/revoked/i);
      expect((await call(app, 'GET', '/v1/records', { token: keeper.key })).status).toBe(200);

      const list = await listKeys(tenant.key, '?includeCount=true');
      expect(list.body.data.map((k: any) => k.id)).not.toContain(doomed.id);
      expect(list.body.data.map((k: any) => k.name).sort()).toEqual(['keeper', 'test key']);
      expect(list.body.pagination.totalCount).toBe(2);

      expectError(
        await call(app, 'DELETE', `/v1/api-keys/${doomed.id}`, { token: tenant.key }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await call(app, 'DELETE', `/v1/api-keys/${randomUUID()}`, { token: tenant.key }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await call(app, 'DELETE', '/v1/api-keys/not-an-id', { token: tenant.key }),
        404,
        'NOT_FOUND',
      );

      // The row is kept (revoked, not deleted).
      const row = await app.get(PrismaService).apiKey.findUnique({ where: { id: doomed.id } });
      expect(row?.revokedAt).toBeInstanceOf(Date);
    });

    it("another tenant's key cannot be revoked (404) and keeps working", async () => {
      const owner = await createTenant(app);
      const attacker = await createTenant(app);
      const victim = await issueKey(owner.key, { name: 'victim', scopes: ['RECORDS:READ'] });

      const res = await call(app, 'DELETE', `/v1/api-keys/${victim.id}`, { token: attacker.key });
      expectError(res, 404, 'NOT_FOUND');
      const viaSession = await call(app, 'DELETE', `/v1/api-keys/${victim.id}`, {
        token: mintSessionToken({ userId: attacker.userId }),
      });
      expectError(viaSession, 404, 'NOT_FOUND');

      expect((await call(app, 'GET', '/v1/records', { token: victim.key })).status).toBe(200);
      expect((await listKeys(owner.key)).body.data.map((k: any) => k.id)).toContain(victim.id);
    });

    it('a key can revoke itself, after which it is refused', async () => {
      const tenant = await createTenant(app);
      const self = await issueKey(tenant.key, { name: 'self' });
      const res = await call(app, 'DELETE', `/v1/api-keys/${self.id}`, { token: self.key });
      expect(res.body).toEqual({ id: self.id, deleted: true });
      expectError(await call(app, 'GET', '/v1/api-keys', { token: self.key }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('storage', () => {
    it('stores only the sha256 of the key: no column holds the plaintext', async () => {
      const tenant = await createTenant(app);
      const created = await issueKey(tenant.key, { name: 'stored', environment: 'production' });
      const prisma = app.get(PrismaService);

      const rows = await prisma.$queryRaw<Array<Record<string, unknown>>>`
        SELECT * FROM api_keys WHERE tenant_id = ${tenant.userId} ORDER BY id`;
      expect(rows).toHaveLength(2);
      const secret = created.key.slice(12, -4);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          const text = value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? '');
          expect({
            column,
            leaksNew: text.includes(secret),
            leaksTenantKey: text.includes(tenant.key.slice(12, -4)),
          }).toEqual({
            column,
            leaksNew: false,
            leaksTenantKey: false,
          });
        }
      }

      const row = rows.find((r) => r.id === created.id)!;
      expect(row).toMatchObject({
        key_hash: sha256(created.key),
        prefix: created.key.slice(0, 12),
        last_four: created.key.slice(-4),
        environment: 'production',
        user_id: tenant.userId,
        organization_id: null,
        revoked_at: null,
      });
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      const tenantRow = rows.find((r) => r.id !== created.id)!;
      expect(tenantRow.key_hash).toBe(sha256(tenant.key));
    });
  });
});
