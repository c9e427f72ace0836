import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Prisma, PrismaService } from '@app/database';
import { expectError, issuePaths } from './support/assertions';
import { call, createKey, createTenant, createTestApp, type TestTenant, createVia } from './support/test-app';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MISSING = '01936d5e-0000-7000-8000-000000000000';
/** 32 random bytes in base64url. */
const BODY = '[A-Za-z0-9_-]{43}';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('surface keys', () => {
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
    /** `/v1/products/:id/surfaces/:surfaceId/keys` */
    keys: string;
  }

  const post = (owner: TestTenant, url: string, body: Record<string, unknown>) =>
    createVia(app, owner, url, body);

  /** A product with one surface; pass `owner` for a second one of the same tenant. */
  const setup = async (tenant?: TestTenant): Promise<World> => {
    const owner = tenant ?? (await createTenant(app));
    const product = await post(owner, '/v1/products', { name: 'Product' });
    const surface = await post(owner, `/v1/products/${product.id}/surfaces`, { name: 'API', type: 'api' });
    return {
      owner,
      productId: product.id,
      surfaceId: surface.id,
      keys: `/v1/products/${product.id}/surfaces/${surface.id}/keys`,
    };
  };

  const surfaceKeys = async (world: World) => {
    const res = await call(app, 'GET', `/v1/products/${world.productId}/surfaces/${world.surfaceId}`, {
      token: world.owner.key,
    });
    expect(res.status).toBe(200);
    return res.body.keys;
  };

  const reveal = (world: World, keyId: string, token = world.owner.key) =>
    call(app, 'GET', `${world.keys}/${keyId}/reveal`, { token });

  /** The stored row: every column as text (`k::text`) and by name. */
  const storedRow = async (id: string) => {
    const rows = await app
      .get(PrismaService)
      .$queryRaw<Array<{ text: string; columns: Record<string, unknown> }>>(
        Prisma.sql`SELECT k::text AS "text", to_jsonb(k) AS "columns" FROM surface_keys k WHERE k.id = ${id}::uuid`,
      );
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  const withoutPlaintext = ({ key: _key, ...rest }: Record<string, unknown>) => rest;

  describe('create', () => {
    it('issues a key with every field (201); the plaintext is shown once, GET surface shows the rest', async () => {
      const world = await setup();
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const created = await post(world.owner, world.keys, {
        environment: 'production',
        expiresAt,
        name: 'Primary API Key',
        rateLimitPerDay: 10000,
        rateLimitPerMinute: 100,
        scopes: ['read:products', 'write:orders'],
      });
      expect(created).toEqual({
        id: expect.stringMatching(UUID_V7),
        surfaceId: world.surfaceId,
        name: 'Primary API Key',
        key: expect.stringMatching(new RegExp(`^papi_live_${BODY}$`)),
        keyPrefix: created.key.slice(0, 12),
        keyHint: `…${created.key.slice(-4)}`,
        scopes: ['read:products', 'write:orders'],
        rateLimitPerMinute: 100,
        rateLimitPerDay: 10000,
        expiresAt,
        isActive: true,
        environment: 'production',
        createdAt: expect.stringMatching(ISO),
      });
      expect(Object.keys(created)).toEqual([
        'id',
        'surfaceId',
        'name',
        'key',
        'keyPrefix',
        'keyHint',
        'scopes',
        'rateLimitPerMinute',
        'rateLimitPerDay',
        'expiresAt',
        'isActive',
        'environment',
        'createdAt',
      ]);
      expect(await surfaceKeys(world)).toEqual([withoutPlaintext(created)]);
    });

    it('defaults to a test key with no name, scopes, limits or expiry', async () => {
      const world = await setup();
      const created = await post(world.owner, world.keys, {});
      expect(created).toEqual({
        id: expect.stringMatching(UUID_V7),
        surfaceId: world.surfaceId,
        name: null,
        key: expect.stringMatching(new RegExp(`^papi_test_${BODY}$`)),
        keyPrefix: created.key.slice(0, 12),
        keyHint: `…${created.key.slice(-4)}`,
        scopes: [],
        rateLimitPerMinute: null,
        rateLimitPerDay: null,
        expiresAt: null,
        isActive: true,
        environment: 'test',
        createdAt: expect.stringMatching(ISO),
      });
      const dev = await post(world.owner, world.keys, { environment: 'development', expiresAt: null });
      expect(dev).toMatchObject({ environment: 'development', expiresAt: null });
      expect(dev.key).toMatch(new RegExp(`^papi_dev_${BODY}$`));
      expect(dev.key).not.toBe(created.key);
      expect(await surfaceKeys(world)).toEqual([withoutPlaintext(created), withoutPlaintext(dev)]);
    });

    it('reports every invalid field (400)', async () => {
      const world = await setup();
      const res = await call(app, 'POST', world.keys, {
        token: world.owner.key,
        body: {
          environment: 'staging',
          expiresAt: new Date(Date.now() - 60_000).toISOString(),
          name: 'x'.repeat(256),
          rateLimitPerDay: 0,
          rateLimitPerMinute: 1.5,
          scopes: ['ok', 'y'.repeat(101)],
          unknown: true,
        },
      });
      expect(issuePaths(res)).toEqual([
        'environment',
        'expiresAt',
        'name',
        'rateLimitPerDay',
        'rateLimitPerMinute',
        'scopes.1',
        'unknown',
      ]);
      const tooMany = await call(app, 'POST', world.keys, {
        token: world.owner.key,
        body: { scopes: Array.from({ length: 51 }, (_, i) => `s${i}`), expiresAt: 'tomorrow' },
      });
      expect(issuePaths(tooMany)).toEqual(['expiresAt', 'scopes']);
      expect(await surfaceKeys(world)).toEqual([]);
    });
  });

  describe('storage', () => {
    it('stores a sha256 and, for test keys only, a ciphertext: never the plaintext', async () => {
      const world = await setup();
      const test = await post(world.owner, world.keys, { name: 'Test' });
      const production = await post(world.owner, world.keys, { environment: 'production' });
      for (const created of [test, production]) {
        const row = await storedRow(created.id);
        // Neither the key nor its random part (beyond the 12-character prefix) is in any column.
        expect(row.text).not.toContain(created.key);
        expect(row.text).not.toContain(created.key.slice(12));
        expect(row.columns).toMatchObject({
          key_hash: sha256(created.key),
          key_prefix: created.key.slice(0, 12),
          key_hint: `…${created.key.slice(-4)}`,
          surface_id: world.surfaceId,
          product_id: world.productId,
        });
      }
      const testRow = await storedRow(test.id);
      expect(testRow.columns.encrypted_key).toEqual(expect.stringMatching(/^v1:[\w-]+:[\w-]+:[\w-]+$/));
      expect(testRow.columns.encrypted_key).not.toBe(test.key);
      expect((await storedRow(production.id)).columns.encrypted_key).toBeNull();
    });
  });

  describe('reveal', () => {
    it('returns the plaintext of a test or development key, as often as asked', async () => {
      const world = await setup();
      const test = await post(world.owner, world.keys, {});
      const dev = await post(world.owner, world.keys, { environment: 'development' });
      for (const created of [test, dev, test]) {
        const res = await reveal(world, created.id);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ id: created.id, key: created.key });
      }
    });

    it('refuses a production key (403 KEY_NOT_REVEALABLE)', async () => {
      const world = await setup();
      const production = await post(world.owner, world.keys, { environment: 'production' });
      const res = await reveal(world, production.id);
      expectError(res, 403, 'KEY_NOT_REVEALABLE');
      expect(JSON.stringify(res.body)).not.toContain(production.key);
    });
  });

  describe('delete', () => {
    it('deletes a key; it is then gone from the surface and from reveal (404)', async () => {
      const world = await setup();
      const kept = await post(world.owner, world.keys, { name: 'kept' });
      const gone = await post(world.owner, world.keys, { name: 'gone' });
      const res = await call(app, 'DELETE', `${world.keys}/${gone.id}`, { token: world.owner.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: gone.id, deleted: true });
      expect(await surfaceKeys(world)).toEqual([withoutPlaintext(kept)]);
      expectError(await reveal(world, gone.id), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'DELETE', `${world.keys}/${gone.id}`, { token: world.owner.key }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('product test key', () => {
    it('is provisioned with the product, revealable, and not a surface key', async () => {
      const owner = await createTenant(app);
      const product = await post(owner, '/v1/products', { name: 'SmartHome AI Assistant' });
      expect(product.testApiKey).toEqual({
        id: expect.stringMatching(UUID_V7),
        name: 'SmartHome AI Assistant Test Key',
        key: expect.stringMatching(new RegExp(`^papi_test_${BODY}$`)),
        prefix: product.testApiKey.key.slice(0, 12),
        limits: { dailyExecutions: 1000, lifetimeExecutions: 100000 },
        canRevealLater: true,
      });
      const url = `/v1/products/${product.id}/test-key/reveal`;
      const res = await call(app, 'GET', url, { token: owner.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: product.testApiKey.id, key: product.testApiKey.key });

      const row = await storedRow(product.testApiKey.id);
      expect(row.text).not.toContain(product.testApiKey.key.slice(12));
      expect(row.columns).toMatchObject({
        product_id: product.id,
        surface_id: null,
        environment: 'test',
        key_hash: sha256(product.testApiKey.key),
        encrypted_key: expect.stringMatching(/^v1:/),
      });

      // Another tenant's product, an unknown one and a malformed id are all 404.
      const stranger = await createTenant(app);
      expectError(await call(app, 'GET', url, { token: stranger.key }), 404, 'NOT_FOUND');
      expectError(
        await call(app, 'GET', `/v1/products/${MISSING}/test-key/reveal`, { token: owner.key }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await call(app, 'GET', '/v1/products/nope/test-key/reveal', { token: owner.key }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('access', () => {
    it('hides another tenant’s product, surface and key, and mismatched pairs (404 on every route)', async () => {
      const world = await setup();
      const key = await post(world.owner, world.keys, {});
      const stranger = await createTenant(app);
      const sibling = await setup(world.owner);
      const routes = (keys: string): Array<['GET' | 'POST' | 'DELETE', string]> => [
        ['POST', keys],
        ['GET', `${keys}/${key.id}/reveal`],
        ['DELETE', `${keys}/${key.id}`],
      ];
      const cases: Array<[TestTenant, string]> = [
        [stranger, world.keys],
        // The surface under another product of the same tenant.
        [world.owner, `/v1/products/${sibling.productId}/surfaces/${world.surfaceId}/keys`],
        [world.owner, `/v1/products/${MISSING}/surfaces/${world.surfaceId}/keys`],
        [world.owner, `/v1/products/${world.productId}/surfaces/${MISSING}/keys`],
        [world.owner, `/v1/products/${world.productId}/surfaces/nope/keys`],
      ];
      for (const [tenant, keys] of cases) {
        for (const [method, url] of routes(keys)) {
          const res = await call(app, method, url, {
            token: tenant.key,
            body: method === 'POST' ? {} : undefined,
          });
          expect({ method, url, status: res.status, code: res.body.code }).toEqual({
            method,
            url,
            status: 404,
            code: 'NOT_FOUND',
          });
        }
      }
      // The key under another surface of the same tenant, an unknown key and a malformed id.
      for (const url of [`${sibling.keys}/${key.id}`, `${world.keys}/${MISSING}`, `${world.keys}/nope`]) {
        expectError(await call(app, 'DELETE', url, { token: world.owner.key }), 404, 'NOT_FOUND');
        expectError(await call(app, 'GET', `${url}/reveal`, { token: world.owner.key }), 404, 'NOT_FOUND');
      }
      // Nothing was created or deleted along the way.
      expect(await surfaceKeys(world)).toEqual([withoutPlaintext(key)]);
      expect(await surfaceKeys(sibling)).toEqual([]);
    });

    it('needs PRODUCTS:WRITE on every route, reveal included (403 with PRODUCTS:READ)', async () => {
      const world = await setup();
      const key = await post(world.owner, world.keys, {});
      const reader = await createKey(app, world.owner, ['PRODUCTS:READ']);
      const requests: Array<['GET' | 'POST' | 'DELETE', string]> = [
        ['POST', world.keys],
        ['GET', `${world.keys}/${key.id}/reveal`],
        ['DELETE', `${world.keys}/${key.id}`],
        ['GET', `/v1/products/${world.productId}/test-key/reveal`],
      ];
      for (const [method, url] of requests) {
        const res = await call(app, method, url, { token: reader, body: method === 'POST' ? {} : undefined });
        expectError(res, 403, 'INSUFFICIENT_SCOPE');
        expectError(await call(app, method, url), 401, 'UNAUTHENTICATED');
      }
      const writer = await createKey(app, world.owner, ['PRODUCTS:WRITE']);
      expect((await reveal(world, key.id, writer)).body).toEqual({ id: key.id, key: key.key });
    });

    it('does not accept a surface key on management routes (401)', async () => {
      const world = await setup();
      for (const environment of ['test', 'production']) {
        const { key } = await post(world.owner, world.keys, { environment, scopes: ['*'] });
        expectError(await call(app, 'GET', '/v1/products', { token: key }), 401, 'UNAUTHENTICATED');
        expectError(
          await call(app, 'GET', '/v1/products', { headers: { 'x-api-key': key } }),
          401,
          'UNAUTHENTICATED',
        );
      }
    });
  });
});
