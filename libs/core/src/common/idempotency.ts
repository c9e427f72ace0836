import type { Tx } from '@app/database';
import { AppError, ErrorCode } from './app-error';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyClaim {
  tenantId: string;
  /** What the key protects, e.g. `schedule.run-now:<id>`, `products.assemble`. */
  scope: string;
  key: string;
  /** Identifies the request; the same key with another request is a 422. */
  requestHash: string;
}

/**
 * Runs `work` at most once per (tenant, scope, key) for 24 h, inside the caller's transaction:
 * the key row is inserted first, so a concurrent request with the same key blocks on the unique
 * index until the first transaction ends and then answers its stored response. A failed first
 * attempt rolls the key back with everything else. `replayed` tells the caller not to repeat
 * its after-commit effects.
 */
export async function onceForKey<R>(
  tx: Tx,
  claim: IdempotencyClaim,
  status: number,
  work: () => Promise<R>,
): Promise<{ response: R; replayed: boolean }> {
  const { tenantId, scope, key, requestHash } = claim;
  const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_MS);
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO idempotency_records (tenant_id, scope, key, request_hash, expires_at)
    VALUES (${tenantId}, ${scope}, ${key}, ${requestHash}, ${expiresAt})
    ON CONFLICT (tenant_id, scope, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
          created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_records.expires_at < now()
    RETURNING id`;
  if (claimed.length === 0) {
    const [existing] = await tx.$queryRaw<{ request_hash: string; response_body: R | null }[]>`
      SELECT request_hash, response_body FROM idempotency_records
      WHERE tenant_id = ${tenantId} AND scope = ${scope} AND key = ${key}`;
    if (existing.request_hash !== requestHash) {
      throw new AppError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (existing.response_body === null) {
      throw new AppError(ErrorCode.CONFLICT, 'A request with this Idempotency-Key is still in progress');
    }
    return { response: existing.response_body, replayed: true };
  }

  const response = await work();
  await tx.$executeRaw`
    UPDATE idempotency_records SET response_status = ${status}, response_body = ${JSON.stringify(response)}::jsonb
    WHERE tenant_id = ${tenantId} AND scope = ${scope} AND key = ${key}`;
  return { response, replayed: false };
}
