import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { call, createTestApp } from './support/test-app';

/** A process whose Redis is unreachable is alive but not ready. */
describe('readiness without Redis', () => {
  let app: NestFastifyApplication;
  const redisUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there, connections are refused at once.
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
    process.env.REDIS_URL = redisUrl;
  });

  it('answers 503 with the failing dependency in the error body', async () => {
    expect((await call(app, 'GET', '/health/live')).status).toBe(200);
    const ready = await call(app, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
    expect(ready.body.requestId).toBe(ready.headers['x-request-id']);
  });
});
