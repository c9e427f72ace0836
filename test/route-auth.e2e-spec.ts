import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { describePosture, listRoutes } from '../apps/api/src/common/route-inventory';
import { call, createTestApp } from './support/test-app';

/**
 * Every route with its auth posture. A new route, or a changed posture, changes this snapshot:
 * the diff is reviewed like code. Undeclared routes are denied by the guard and fail here.
 */
describe('route auth postures', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('matches the reviewed list', () => {
    const lines = listRoutes(app).map(
      (route) => `${route.method.padEnd(6)} ${route.path}  →  ${describePosture(route.posture)}`,
    );
    expect(lines).toMatchSnapshot();
  });

  it('declares a posture on every route', () => {
    const undeclared = listRoutes(app).filter((route) => route.posture === undefined);
    expect(undeclared.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('refuses every non-public route without credentials', async () => {
    const guarded = listRoutes(app).filter((route) => route.posture?.kind !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      const url = route.path.replace(/\{\w+\}/g, '01936d5e-0000-7000-8000-000000000000');
      const res = await call(app, route.method as 'GET', url, route.method === 'GET' ? {} : { body: {} });
      expect({ route: `${route.method} ${route.path}`, status: res.status, code: res.body.code }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('documents every route in OpenAPI with its security', async () => {
    const { body: document } = await call(app, 'GET', '/openapi.json');
    for (const route of listRoutes(app)) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect({ route: `${route.method} ${route.path}`, documented: Boolean(operation) }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
      expect(operation.security).toEqual(
        route.posture?.kind === 'public' ? [] : [{ bearer: [] }, { apiKey: [] }],
      );
      expect(operation['x-auth']).toBe(describePosture(route.posture));
    }
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    // Zod DTOs are rendered from their schemas, not as empty objects.
    expect(document.components.schemas.CreateProductDto.properties.name).toMatchObject({
      type: 'string',
      minLength: 1,
    });
    expect(document.components.schemas.CreateProductDto.additionalProperties).toBe(false);
  });

  it('serves the docs UI', async () => {
    const res = await call(app, 'GET', '/docs');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('swagger');
  });
});
