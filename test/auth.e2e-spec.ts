import { generateKeyPairSync } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@app/database';
import { mintSessionToken } from '@app/testing';
import { call, createKey, createTenant, createTestApp } from './support/test-app';

describe('authentication', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  describe('GET /v1/auth/me', () => {
    it('describes a v2 Clerk session with an organization', async () => {
      const token = mintSessionToken({
        userId: 'user_me_v2',
        orgId: 'org_me_v2',
        orgRole: 'admin',
        orgSlug: 'runtype-inc',
        sessionId: 'sess_123',
      });
      const res = await call(app, 'GET', '/v1/auth/me', { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        hasOrganization: true,
        userId: 'user_me_v2',
        orgId: 'org_me_v2',
        orgRole: 'admin',
        orgSlug: 'runtype-inc',
        sessionId: 'sess_123',
      });
    });

    it('reads the organization from v1 claims', async () => {
      const token = mintSessionToken({
        userId: 'user_me_v1',
        orgId: 'org_v1',
        orgRole: 'org:member',
        version: 1,
      });
      const res = await call(app, 'GET', '/v1/auth/me', { token });
      expect(res.body).toMatchObject({ hasOrganization: true, orgId: 'org_v1', orgRole: 'org:member' });
    });

    it('describes a personal session and an API key', async () => {
      const session = await call(app, 'GET', '/v1/auth/me', {
        token: mintSessionToken({ userId: 'user_solo', sessionId: 'sess_solo' }),
      });
      expect(session.body).toEqual({
        hasOrganization: false,
        userId: 'user_solo',
        orgId: null,
        orgRole: null,
        orgSlug: null,
        sessionId: 'sess_solo',
      });

      const tenant = await createTenant(app, { org: true, scopes: ['RECORDS:READ'] });
      const viaKey = await call(app, 'GET', '/v1/auth/me', { token: tenant.key });
      expect(viaKey.body).toEqual({
        hasOrganization: true,
        userId: tenant.userId,
        orgId: tenant.orgId,
        orgRole: null,
        orgSlug: null,
        sessionId: null,
      });
    });
  });

  describe('credentials', () => {
    it('accepts Bearer, a bare token and X-API-Key', async () => {
      const tenant = await createTenant(app);
      const bearer = await call(app, 'GET', '/v1/auth/me', {
        headers: { authorization: `Bearer ${tenant.key}` },
      });
      const bare = await call(app, 'GET', '/v1/auth/me', { headers: { authorization: tenant.key } });
      const header = await call(app, 'GET', '/v1/auth/me', { headers: { 'x-api-key': tenant.key } });
      for (const res of [bearer, bare, header]) expect(res.body.userId).toBe(tenant.userId);
    });

    it.each([
      ['no credentials', {}, /Missing credentials/],
      ['an unknown platform key', { authorization: 'Bearer rt_live_notarealkeyatall' }, /Invalid API key/],
      ['a surface key', { authorization: 'Bearer papi_abcdef123456' }, /surface keys are not accepted/],
      ['a malformed JWT', { authorization: 'Bearer aaa.bbb.ccc' }, /Invalid session token/],
    ])('401 for %s', async (_name, headers, message) => {
      const res = await call(app, 'GET', '/v1/products', { headers: headers as Record<string, string> });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.error).toMatch(message);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    });

    it('401 for an expired session token', async () => {
      const token = mintSessionToken({ userId: 'user_expired', expiresIn: -60 });
      const res = await call(app, 'GET', '/v1/auth/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/expired/);
    });

    it('401 for a session token signed by another key', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = mintSessionToken({
        userId: 'user_forged',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      const res = await call(app, 'GET', '/v1/auth/me', { token: forged });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('Invalid session token');
    });

    it('401 for a tampered session token (claims changed after signing)', async () => {
      const [header, payload, signature] = mintSessionToken({ userId: 'user_a' }).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = Buffer.from(JSON.stringify({ ...claims, sub: 'user_admin' })).toString('base64url');
      const res = await call(app, 'GET', '/v1/auth/me', { token: `${header}.${tampered}.${signature}` });
      expect(res.status).toBe(401);
    });

    it('401 for an expired API key', async () => {
      const tenant = await createTenant(app);
      const res = await call(app, 'POST', '/v1/api-keys', {
        token: tenant.key,
        body: { name: 'short-lived', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      });
      expect(res.status).toBe(201);
      expect((await call(app, 'GET', '/v1/auth/me', { token: res.body.key })).status).toBe(200);
      // Let the hour pass.
      await app.get(PrismaService).apiKey.update({
        where: { id: res.body.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const after = await call(app, 'GET', '/v1/auth/me', { token: res.body.key });
      expect(after.status).toBe(401);
      expect(after.body.error).toMatch(/expired/);
    });

    it('401 for a revoked API key, immediately', async () => {
      const tenant = await createTenant(app);
      const created = await call(app, 'POST', '/v1/api-keys', {
        token: tenant.key,
        body: { name: 'to revoke' },
      });
      expect((await call(app, 'GET', '/v1/records', { token: created.body.key })).status).toBe(200);
      const revoked = await call(app, 'DELETE', `/v1/api-keys/${created.body.id}`, { token: tenant.key });
      expect(revoked.body).toEqual({ id: created.body.id, deleted: true });
      const after = await call(app, 'GET', '/v1/records', { token: created.body.key });
      expect(after.status).toBe(401);
      expect(after.body.error).toMatch(/revoked/);
    });
  });

  describe('scopes', () => {
    it.each([
      ['PRODUCTS:READ', 'GET', '/v1/products', 200],
      ['PRODUCTS:READ', 'POST', '/v1/products', 403],
      ['PRODUCTS:*', 'POST', '/v1/products', 201],
      ['FLOWS:READ', 'GET', '/v1/products', 403],
      ['RECORDS:WRITE', 'GET', '/v1/records', 403],
      ['RECORDS:READ', 'GET', '/v1/api-keys', 403],
    ] as const)('a %s key: %s %s → %i', async (scope, method, url, status) => {
      const tenant = await createTenant(app);
      const key = await createKey(app, tenant, [scope]);
      const res = await call(app, method, url, {
        token: key,
        body: method === 'POST' ? { name: 'p' } : undefined,
      });
      expect(res.status).toBe(status);
      if (status === 403) {
        expect(res.body.code).toBe('INSUFFICIENT_SCOPE');
        expect(res.body.details.required).toBeDefined();
      }
    });

    it('gives a Clerk session every scope of its own tenant', async () => {
      const token = mintSessionToken({ userId: 'user_scopes', orgId: 'org_scopes' });
      const created = await call(app, 'POST', '/v1/products', { token, body: { name: 'Org product' } });
      expect(created.status).toBe(201);
      const viaOrgKey = await createTenant(app, { org: true });
      const other = await call(app, 'GET', `/v1/products/${created.body.id}`, { token: viaOrgKey.key });
      expect(other.status).toBe(404);
    });
  });

  describe('request ids', () => {
    it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
      const kept = await call(app, 'GET', '/health/live', { headers: { 'x-request-id': 'req-abc.123' } });
      expect(kept.headers['x-request-id']).toBe('req-abc.123');
      const replaced = await call(app, 'GET', '/v1/products', {
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(replaced.body.requestId).toBe(replaced.headers['x-request-id']);
    });
  });
});
