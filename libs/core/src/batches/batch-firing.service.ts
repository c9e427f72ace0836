import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { PrismaService, type Tx } from '@app/database';
import { AppError, ErrorCode } from '../common/app-error';
import type { Ownership } from '../common/principal';
import { BatchQueue } from './batch-queue';
import type { FireResult } from './batch.types';
import type { ResolvedExecutionOptions } from './execution-options';
import { selectionWhere, type Selection } from './record-selection';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface FireRequest {
  owner: Ownership;
  flowId: string;
  selection: Selection;
  options: ResolvedExecutionOptions;
  inputs: Record<string, unknown>;
  /** Set when a schedule fires: the run row of the occurrence ledger is created with the batch. */
  schedule?: { id: string; trigger: 'manual' | 'cadence'; scheduledFor?: Date };
  idempotency?: { scope: string; key: string; requestHash: string };
  requestId?: string;
}

/**
 * The fire of DESIGN §5: one transaction creates the run and the batch (with a COUNT and the
 * frozen selection), small selections get their items right there (INSERT … SELECT), and the
 * batch is enqueued after commit. Large selections are materialized by the worker.
 */
@Injectable()
export class BatchFiringService {
  private readonly logger = new Logger(BatchFiringService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: BatchQueue,
    private readonly config: ConfigService,
  ) {}

  async fire(request: FireRequest): Promise<FireResult> {
    const outcome = await this.prisma.$transaction(
      async (tx) => {
        if (request.idempotency) {
          const previous = await this.claimIdempotencyKey(tx, request.owner.tenantId, request.idempotency);
          if (previous) return { replay: previous };
        }
        const created = await this.createBatch(tx, request);
        if (request.idempotency) {
          await tx.$executeRaw`
            UPDATE idempotency_records SET response_status = 200, response_body = ${JSON.stringify(created.result)}::jsonb
            WHERE tenant_id = ${request.owner.tenantId} AND scope = ${request.idempotency.scope} AND key = ${request.idempotency.key}`;
        }
        return { created };
      },
      { timeout: 60_000 },
    );
    if ('replay' in outcome) return outcome.replay as FireResult;

    const { result } = outcome.created;
    if (result.status === 'queued') {
      // After commit: a crash right here leaves the batch `queued` without `enqueuedAt`, which
      // the reconciler repairs.
      await this.queue
        .enqueue(result.batchExecutionId, result.recordCount, request.options.chunkSize, request.requestId)
        .catch((error: Error) =>
          this.logger.warn(
            `batch ${result.batchExecutionId} not enqueued yet (${error.message}); the reconciler will`,
          ),
        );
    }
    return result;
  }

  /**
   * Inserts the key, or finds it. A concurrent request with the same key blocks on the unique
   * index until the first transaction ends, then reads its stored response: exactly one batch.
   */
  private async claimIdempotencyKey(
    tx: Tx,
    tenantId: string,
    { scope, key, requestHash }: NonNullable<FireRequest['idempotency']>,
  ): Promise<FireResult | null> {
    const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_MS);
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO idempotency_records (tenant_id, scope, key, request_hash, expires_at)
      VALUES (${tenantId}, ${scope}, ${key}, ${requestHash}, ${expiresAt})
      ON CONFLICT (tenant_id, scope, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
            created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_records.expires_at < now()
      RETURNING id`;
    if (claimed.length > 0) return null;

    const [existing] = await tx.$queryRaw<{ request_hash: string; response_body: FireResult | null }[]>`
      SELECT request_hash, response_body FROM idempotency_records
      WHERE tenant_id = ${tenantId} AND scope = ${scope} AND key = ${key}`;
    if (existing.request_hash !== requestHash) {
      throw new AppError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (!existing.response_body) {
      throw new AppError(ErrorCode.CONFLICT, 'A request with this Idempotency-Key is still in progress');
    }
    return existing.response_body;
  }

  private async createBatch(tx: Tx, request: FireRequest): Promise<{ result: FireResult }> {
    const { owner, selection, options } = request;
    const [{ now }] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    const where = selectionWhere(selection, owner.tenantId, now);
    const [{ count }] = await tx.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM records r WHERE ${where}`;

    const empty = count === 0;
    const inline = !empty && count <= this.config.batches.inlineMaterializeMax;
    const status = empty ? 'completed' : 'queued';
    const [batch] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO batch_executions (tenant_id, organization_id, user_id, flow_id, schedule_id, status,
        total_records, progress, selection, selection_cutoff, options, inputs, request_id,
        completed_at, updated_at)
      VALUES (${owner.tenantId}, ${owner.organizationId}, ${owner.userId}, ${request.flowId}::uuid,
        ${request.schedule?.id ?? null}::uuid, ${status}, ${count}, ${empty ? 100 : 0},
        ${JSON.stringify(selection)}::jsonb, ${now}, ${JSON.stringify(options)}::jsonb,
        ${JSON.stringify(request.inputs)}::jsonb, ${request.requestId ?? null},
        ${empty ? now : null}, now())
      RETURNING id`;

    let total = count;
    if (inline) {
      total = await tx.$executeRaw`
        INSERT INTO batch_items (batch_execution_id, record_id, seq, chunk)
        SELECT ${batch.id}::uuid, r.id, (row_number() OVER (ORDER BY r.id) - 1)::int,
               ((row_number() OVER (ORDER BY r.id) - 1) / ${options.chunkSize})::int
        FROM records r WHERE ${where}`;
      await tx.$executeRaw`
        UPDATE batch_executions SET materialized_at = now(), total_records = ${total},
          materialize_cursor = ${JSON.stringify({ done: true, count: total })}::jsonb
        WHERE id = ${batch.id}::uuid`;
    }

    if (request.schedule) {
      await tx.$executeRaw`
        INSERT INTO schedule_runs (tenant_id, schedule_id, batch_execution_id, flow_id, trigger, scheduled_for,
          status, total_records, completed_at)
        VALUES (${owner.tenantId}, ${request.schedule.id}::uuid, ${batch.id}::uuid, ${request.flowId}::uuid,
          ${request.schedule.trigger}, ${request.schedule.scheduledFor ?? null}, ${status}, ${total},
          ${empty ? now : null})`;
      await tx.$executeRaw`UPDATE schedules SET last_run_at = ${now} WHERE id = ${request.schedule.id}::uuid`;
    }
    return { result: { batchExecutionId: batch.id, recordCount: total, status } };
  }
}
