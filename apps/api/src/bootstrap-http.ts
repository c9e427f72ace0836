import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter, toErrorResponse } from './common/all-exceptions.filter';
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

/** Everything main.ts and the e2e tests share: one HTTP pipeline, configured in one place. */
export function bootstrapHttp(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new ZodValidationPipe());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Errors Fastify raises before a Nest handler runs (malformed JSON, oversized body) get the
  // same error body as everything else.
  fastify.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error, String(request.id));
    void reply.status(status).send(body);
  });

  setupOpenApi(app);
}
