import type { FastifyRequest } from 'fastify';
import { AppError, type FireContext } from '@app/core';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header and the request id, for a fire. */
export function fireContextOf(request: FastifyRequest): FireContext {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && !KEY.test(key)) {
    throw AppError.validation('Invalid Idempotency-Key header', [
      { path: 'Idempotency-Key', message: '1–255 visible ASCII characters' },
    ]);
  }
  return { idempotencyKey: key, requestId: String(request.id) };
}
