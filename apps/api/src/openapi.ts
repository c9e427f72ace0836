import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { isZodDto } from './common/zod-dto';
import { describePosture, listRoutes, type RouteInfo } from './common/route-inventory';

const SECURED: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

/**
 * Builds the OpenAPI 3 document from the code. Zod DTOs are rendered from their schemas, and
 * each operation gets the security of its declared auth posture.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Runtype Products & Schedules API')
    .setDescription(
      'Self-hostable, Runtype-compatible API. Authenticate with a platform API key (`rt_live_…`/`rt_test_…`) ' +
        'or a Clerk session token in `Authorization: Bearer <token>` (or `X-API-Key`).',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Platform API key or Clerk session token' },
      'bearer',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const routes = listRoutes(app);
  renderZodSchemas(document, routes);
  applySecurity(document, routes);
  return document;
}

function renderZodSchemas(document: OpenAPIObject, routes: RouteInfo[]): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  for (const route of routes) {
    const types = [
      ...((Reflect.getMetadata(
        'design:paramtypes',
        route.controller.prototype,
        route.handlerName,
      ) as unknown[]) ?? []),
      ...Object.values(
        (Reflect.getMetadata('swagger/apiResponse', route.handler) as Record<string, { type?: unknown }>) ??
          {},
      ).map((response) => response.type),
    ];
    for (const type of types) {
      if (!isZodDto(type)) continue;
      const { definitions, ...schema } = z.toJSONSchema(type.schema, {
        target: 'openapi-3.0',
        io: 'input',
        unrepresentable: 'any',
      }) as Record<string, unknown> & { definitions?: Record<string, unknown> };
      // Recursive schemas (record filters) come with local definitions: hoist them into
      // components so that their references resolve.
      const hoisted = (value: unknown) =>
        JSON.parse(
          JSON.stringify(value).replace(
            /"#\/definitions\/([^"]+)"/g,
            `"#/components/schemas/${type.name}_$1"`,
          ),
        ) as (typeof schemas)[string];
      schemas[type.name] = hoisted(schema);
      for (const [name, definition] of Object.entries(definitions ?? {})) {
        schemas[`${type.name}_${name}`] = hoisted(definition);
      }
    }
  }
}

function applySecurity(document: OpenAPIObject, routes: RouteInfo[]): void {
  for (const route of routes) {
    const operation = document.paths[route.path]?.[route.method.toLowerCase() as 'get'];
    if (!operation) continue;
    const posture = describePosture(route.posture);
    operation.security = route.posture?.kind === 'public' ? [] : SECURED;
    (operation as unknown as Record<string, unknown>)['x-auth'] = posture;
    if (posture.startsWith('scope')) {
      operation.description = [
        operation.description,
        `Requires ${posture} (Clerk sessions have every scope).`,
      ]
        .filter(Boolean)
        .join('\n\n');
    }
  }
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
