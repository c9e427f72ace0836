import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { PrismaService, type Tx } from '@app/database';
import { onceForKey } from '../common/idempotency';
import type { Ownership } from '../common/principal';
import { BatchQueue } from './batch-queue';
import type { FireResult } from './batch.types';
import type { ResolvedExecutionOptions } from './execution-options';
import { selectionWhere, type Selection } from './record-selection';

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
    const { response: result, replayed } = await this.prisma.$transaction(
      async (tx) => {
        const create = async () => (await this.createBatch(tx, request)).result;
        return request.idempotency
          ? onceForKey(tx, { tenantId: request.owner.tenantId, ...request.idempotency }, 200, create)
          : { response: await create(), replayed: false };
      },
      { timeout: 60_000 },
    );

    if (result.status === 'queued' && !replayed) {
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
