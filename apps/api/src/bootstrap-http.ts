import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { ZodValidationPipe } from './common/zod-validation.pipe';
import { setupOpenApi } from './openapi';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Request ids: a well-formed incoming `x-request-id` is kept, otherwise one is made. It is also
 * put on the raw request so that pino-http logs the same id.
 */
function genReqId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    genReqId,
    requestIdHeader: false,
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: true,
  });
}

/**
 * Options of the Nest application, shared by main.ts and the tests. Nest's own body parsers are
 * off: bootstrapHttp installs the JSON parser (and nothing else).
 */
export const HTTP_APP_OPTIONS = { bufferLogs: true, bodyParser: false } as const;

/** Everything main.ts and the e2e tests share: one HTTP pipeline, configured in one place. */
export function bootstrapHttp(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new ZodValidationPipe());
  app.enableShutdownHooks([], { useProcessExit: true });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // JSON only: without this, Fastify would hand text/plain bodies to handlers as strings.
  fastify.removeContentTypeParser('text/plain');
  // An empty JSON body is no body (run-now, pause and cancel take none), not malformed JSON;
  // routes that need a body still answer 400 with details.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : parseJson(request, body.toString(), done),
  );

  setupOpenApi(app);
}
