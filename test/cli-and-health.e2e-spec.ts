import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { runCli, UsageError, type CliOutput } from '../apps/api/src/cli/run-cli';
import { call, createTestApp } from './support/test-app';

function capture(): CliOutput & { lines: string[]; results: string[] } {
  const lines: string[] = [];
  const results: string[] = [];
  return { lines, results, info: (line) => lines.push(line), result: (line) => results.push(line) };
}

describe('bootstrap CLI and health', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('api-keys:create prints a key that lists products for that user', async () => {
    const out = capture();
    await runCli(['api-keys:create', '--user', 'user_cli', '--name', 'Bootstrap'], out);
    expect(out.results).toHaveLength(1);
    const key = out.results[0];
    expect(key).toMatch(/^rt_test_[\w-]{43}$/);
    expect(out.lines.join('\n')).toContain('tenant user_cli');

    const created = await call(app, 'POST', '/v1/products', { token: key, body: { name: 'From the CLI' } });
    expect(created.status).toBe(201);
    const list = await call(app, 'GET', '/v1/products', { token: key });
    expect(list.body.data.map((p: { name: string }) => p.name)).toEqual(['From the CLI']);
    const me = await call(app, 'GET', '/v1/auth/me', { token: key });
    expect(me.body).toMatchObject({ userId: 'user_cli', orgId: null });
  });

  it('api-keys:create honours --org, --scopes and --environment', async () => {
    const out = capture();
    await runCli(
      [
        'api-keys:create',
        '--user',
        'user_cli2',
        '--org',
        'org_cli',
        '--scopes',
        'RECORDS:READ',
        '--environment',
        'production',
      ],
      out,
    );
    const key = out.results[0];
    expect(key).toMatch(/^rt_live_/);
    expect((await call(app, 'GET', '/v1/auth/me', { token: key })).body.orgId).toBe('org_cli');
    expect((await call(app, 'GET', '/v1/records', { token: key })).status).toBe(200);
    expect((await call(app, 'GET', '/v1/products', { token: key })).status).toBe(403);
  });

  it.each([
    [['api-keys:create'], /--user is required/],
    [['api-keys:create', '--user', 'u', '--environment', 'staging'], /--environment/],
    [['nope'], /Unknown command/],
  ])('rejects %j', async (argv, message) => {
    await expect(runCli(argv, capture())).rejects.toThrow(UsageError);
    await expect(runCli(argv, capture())).rejects.toThrow(message);
  });

  it('rejects an unknown scope without creating a key', async () => {
    await expect(
      runCli(['api-keys:create', '--user', 'u', '--scopes', 'EVERYTHING'], capture()),
    ).rejects.toThrow('Unknown scopes');
  });

  it('reports liveness and readiness of Postgres and Redis', async () => {
    const live = await call(app, 'GET', '/health/live');
    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await call(app, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });
});
