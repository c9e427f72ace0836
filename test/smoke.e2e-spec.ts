import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { call, createTenant, createTestApp } from './support/test-app';

describe('smoke', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('boots and answers', async () => {
    const tenant = await createTenant(app);
    const res = await call(app, 'GET', '/v1/products', { token: tenant.key });
    console.log(res.status, res.body);
    const ready = await call(app, 'GET', '/health/ready');
    console.log(ready.status, ready.body);
    expect(res.status).toBe(200);
  });
});
