import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapPrismaError } from '@app/database';
import { AppError, ErrorCode } from '@app/core';
import type { ErrorBody } from './error-body';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
};

/** The ONE place an error becomes a response. 5xx bodies never carry internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(exception, String(request.id));
    if (status >= 500) this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    void reply.status(status).send(body);
  }
}

export function toErrorResponse(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (exception instanceof AppError) {
    return { status: exception.status, body: body(exception.message, exception.code, requestId, exception.details) };
  }
  const prisma = mapPrismaError(exception);
  if (prisma) return { status: prisma.status, body: body(prisma.message, prisma.code, requestId, prisma.details) };

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : exception.message;
    return { status, body: body(message, CODE_BY_STATUS[status] ?? codeFor(status), requestId) };
  }

  // Errors raised by Fastify itself before a handler runs (malformed JSON, body too large,
  // unsupported content type) carry a statusCode and an FST_ code.
  const fastify = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const invalidJson = fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastify.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
    const code = invalidJson ? ErrorCode.INVALID_JSON : (CODE_BY_STATUS[fastify.statusCode] ?? ErrorCode.VALIDATION_FAILED);
    return { status: fastify.statusCode, body: body(fastify.message ?? 'Bad request', code, requestId) };
  }

  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: body('Internal server error', ErrorCode.INTERNAL, requestId) };
}

function codeFor(status: number): string {
  return status >= 500 ? ErrorCode.INTERNAL : `HTTP_${status}`;
}

function body(error: string, code: string, requestId: string, details?: unknown): ErrorBody {
  return details === undefined ? { error, code, requestId } : { error, code, details, requestId };
}
