import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ApiKeysService } from '@app/auth';
import { ApiModule } from '../../apps/api/src/api.module';
import { bootstrapHttp, createFastifyAdapter, HTTP_APP_OPTIONS } from '../../apps/api/src/bootstrap-http';

/** The real api app with the same HTTP pipeline as main.ts (bootstrapHttp), against the run's DB and Redis. */
export async function createTestApp(): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(),
    HTTP_APP_OPTIONS,
  );
  bootstrapHttp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function call<T = any>(
  app: NestFastifyApplication,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: CallOptions = {},
): Promise<TestResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const response = await app.inject({ method, url, headers, payload });
  const text = response.body;
  return {
    status: response.statusCode,
    body: text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text,
    headers: response.headers as TestResponse['headers'],
  };
}

export interface TestTenant {
  userId: string;
  orgId: string | null;
  /** A platform API key with the requested scopes (default `*`). */
  key: string;
}

/** A fresh tenant per test: tests never share rows, so they run in any order. */
export async function createTenant(
  app: NestFastifyApplication,
  options: { org?: boolean; scopes?: string[] } = {},
): Promise<TestTenant> {
  const userId = `user_${randomUUID().replace(/-/g, '')}`;
  const orgId = options.org ? `org_${randomUUID().replace(/-/g, '')}` : null;
  const { key } = await app
    .get(ApiKeysService)
    .create({ userId, orgId }, { name: 'test key', scopes: options.scopes ?? ['*'] });
  return { userId, orgId, key };
}

/** Another user of the same organization, with a `*` key of its own. */
export async function createOrgMember(app: NestFastifyApplication, tenant: TestTenant): Promise<TestTenant> {
  if (!tenant.orgId)
    throw new Error('createOrgMember needs an organization tenant (createTenant with org: true)');
  const userId = `user_${randomUUID().replace(/-/g, '')}`;
  const { key } = await app
    .get(ApiKeysService)
    .create({ userId, orgId: tenant.orgId }, { name: 'member', scopes: ['*'] });
  return { userId, orgId: tenant.orgId, key };
}

/** Another key for an existing tenant (scope tests). */
export async function createKey(
  app: NestFastifyApplication,
  tenant: TestTenant,
  scopes: string[],
  extra: { expiresAt?: Date } = {},
): Promise<string> {
  const { key } = await app
    .get(ApiKeysService)
    .create({ userId: tenant.userId, orgId: tenant.orgId }, { name: 'scoped key', scopes, ...extra });
  return key;
}

/** POSTs as the tenant and expects 201 Created; returns the created object. */
export async function createVia(
  app: NestFastifyApplication,
  tenant: TestTenant,
  url: string,
  body: Record<string, unknown> = {},
): Promise<any> {
  const res = await call(app, 'POST', url, { token: tenant.key, body });
  expect({ url, status: res.status, body: res.body }).toEqual({ url, status: 201, body: expect.any(Object) });
  return res.body;
}
