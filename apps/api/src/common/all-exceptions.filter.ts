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
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** Errors Fastify raises before a handler runs reach us as HttpExceptions caused by them. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
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
    return {
      status: exception.status,
      body: body(exception.message, exception.code, requestId, exception.details),
    };
  }
  const prisma = mapPrismaError(exception);
  if (prisma)
    return { status: prisma.status, body: body(prisma.message, prisma.code, requestId, prisma.details) };

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as string | { message?: unknown; details?: unknown };
    const message =
      typeof response === 'object' && response.message !== undefined
        ? String(response.message)
        : exception.message;
    // e.g. the health check's per-dependency status
    const details = typeof response === 'object' ? response.details : undefined;
    const code = FASTIFY_CODES[(exception.cause as { code?: string } | undefined)?.code ?? ''];
    return {
      status,
      body: body(message, code ?? CODE_BY_STATUS[status] ?? codeFor(status), requestId, details),
    };
  }

  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: body('Internal server error', ErrorCode.INTERNAL, requestId),
  };
}

function codeFor(status: number): string {
  return status >= 500 ? ErrorCode.INTERNAL : `HTTP_${status}`;
}

function body(error: string, code: string, requestId: string, details?: unknown): ErrorBody {
  return details === undefined ? { error, code, requestId } : { error, code, details, requestId };
}
