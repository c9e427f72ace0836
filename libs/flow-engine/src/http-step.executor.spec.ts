import type { TemplateScope } from './flow.types';
import { HttpStepExecutor, type HttpStepConfig } from './http-step.executor';
import type { StepContext } from './step-executor.interface';
import { startTestHttpServer, type TestHttpServer } from './testing/test-http-server';

describe('HttpStepExecutor', () => {
  let server: TestHttpServer;
  const executor = new HttpStepExecutor();

  beforeAll(async () => {
    server = await startTestHttpServer();
  });
  afterAll(() => server.close());

  const contextFor = (signal = new AbortController().signal): StepContext => {
    const scope: TemplateScope = {
      _record: { id: 'r1', name: 'Acme Corp', type: 'company', metadata: { plan: 'pro' } },
      inputs: { base: server.baseUrl, token: 's3cret', limit: 5 },
      steps: {},
    };
    return { scope, signal };
  };
  const run = (config: HttpStepConfig, signal?: AbortSignal) => executor.execute(config, contextFor(signal));

  it('GETs by default and parses a JSON response', async () => {
    await expect(run({ url: '{{inputs.base}}/json' })).resolves.toEqual({
      status: 200,
      body: { items: [{ id: 'a1', tags: ['x'] }] },
    });
  });

  it('returns a non-JSON response as text', async () => {
    await expect(run({ url: `${server.baseUrl}/text` })).resolves.toEqual({ status: 200, body: 'hello' });
  });

  it('renders method, URL, headers and a JSON body, and sends the body as application/json', async () => {
    const output = await run({
      method: 'post',
      url: '{{inputs.base}}/echo?name={{_record.name}}',
      headers: { authorization: 'Bearer {{inputs.token}}', 'x-plan': '{{_record.metadata.plan}}' },
      body: { id: '{{_record.id}}', limit: '{{inputs.limit}}', tags: ['{{_record.type}}'] },
    });
    expect(output.status).toBe(201);
    const echo = output.body as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/echo?name=Acme%20Corp');
    expect(echo.headers).toMatchObject({
      authorization: 'Bearer s3cret',
      'x-plan': 'pro',
      'content-type': 'application/json',
    });
    expect(JSON.parse(echo.body)).toEqual({ id: 'r1', limit: 5, tags: ['company'] });
  });

  it('sends a string body as is and keeps an explicit content-type', async () => {
    const output = await run({
      method: 'PUT',
      url: `${server.baseUrl}/echo`,
      headers: { 'content-type': 'text/csv' },
      body: 'name\n{{_record.name}}',
    });
    const echo = output.body as { headers: Record<string, string>; body: string };
    expect(echo.headers['content-type']).toBe('text/csv');
    expect(echo.body).toBe('name\nAcme Corp');
  });

  it('fails on a non-2xx status, naming the status but not the query string', async () => {
    await expect(run({ url: `${server.baseUrl}/missing?api_key=hidden` })).rejects.toThrow(
      `HTTP 404 from GET ${server.baseUrl}/missing: no such thing`,
    );
  });

  it('fails when a JSON response does not parse', async () => {
    await expect(run({ url: `${server.baseUrl}/broken-json` })).rejects.toThrow(/not valid JSON/);
  });

  it('fails when the response is larger than the configured cap', async () => {
    const small = new HttpStepExecutor({ maxResponseBytes: 1024 });
    await expect(small.execute({ url: `${server.baseUrl}/large` }, contextFor())).rejects.toThrow(
      'response body exceeds 1024 bytes',
    );
  });

  it('fails with a timeout error after the step timeoutMs', async () => {
    const started = Date.now();
    await expect(run({ url: `${server.baseUrl}/hang`, timeoutMs: 100 })).rejects.toThrow(
      'http step timed out after 100 ms',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the caller aborts mid-request', async () => {
    const controller = new AbortController();
    const pending = run({ url: `${server.baseUrl}/hang`, timeoutMs: 60_000 }, controller.signal);
    await server.received('/hang');
    controller.abort(new Error('batch cancelled'));
    await expect(pending).rejects.toThrow('batch cancelled');
  });

  it('does not start a request when the caller has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(run({ url: `${server.baseUrl}/json` }, controller.signal)).rejects.toThrow();
  });

  it('reports connection failures with their cause', async () => {
    const closed = await startTestHttpServer();
    await closed.close();
    await expect(run({ url: `${closed.baseUrl}/json` })).rejects.toThrow(/fetch failed: .*ECONNREFUSED/);
  });

  it('fails when a templated URL renders to something that is not an http(s) URL', async () => {
    await expect(run({ url: '{{inputs.token}}/path' })).rejects.toThrow(
      "url must be an absolute http(s) URL, got 's3cret/path'",
    );
  });

  describe('configSchema', () => {
    const issues = (config: unknown) => {
      const parsed = executor.configSchema.safeParse(config);
      return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path, issue.message]);
    };

    it('accepts literal and templated values', () => {
      expect(issues({ url: 'https://example.com/x' })).toEqual([]);
      expect(issues({ method: '{{inputs.method}}', url: '{{inputs.base}}/x', timeoutMs: 500 })).toEqual([]);
    });

    it('rejects bad literal values', () => {
      expect(issues({ method: 'FETCH', url: 'ftp://example.com', headers: { a: 1 }, timeoutMs: -1 })).toEqual(
        [
          [['method'], expect.stringContaining('method must be one of')],
          [['url'], 'url must be an absolute http(s) URL'],
          [['headers', 'a'], expect.any(String)],
          [['timeoutMs'], expect.any(String)],
        ],
      );
    });
  });
});
