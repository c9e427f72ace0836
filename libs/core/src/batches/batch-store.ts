import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { ConfigService } from '@app/config';
import { PrismaService } from '@app/database';
import type { ResolvedExecutionOptions } from './execution-options';
import { selectionWhere, type Selection } from './record-selection';

export interface LoadedBatch {
  id: string;
  tenantId: string;
  flowId: string | null;
  status: string;
  options: ResolvedExecutionOptions;
  inputs: Record<string, unknown>;
  selection: Selection;
  selectionCutoff: Date;
  materialized: boolean;
  requestId: string | null;
}

export interface ClaimedItem {
  id: string;
  recordId: string;
  seq: number;
  attempts: number;
  record: { id: string; name: string; type: string; metadata: Record<string, unknown> } | null;
}

/** A finished (or released) item; `pending` hands the item back unfinished. */
export interface ItemOutcome {
  id: string;
  status: 'completed' | 'failed' | 'cancelled' | 'pending';
  output: unknown;
  stepResults: unknown;
  error: string | null;
  attempts: number;
  completedAt: string | null;
}

export interface BatchCounters {
  processedRecords: number;
  successCount: number;
  failedRecords: number;
  progress: number;
  status: string;
}

/** Counter columns mirrored from a batch onto its schedule run. */
const MIRROR_RUN = `
  UPDATE schedule_runs s SET status = e.status, total_records = e.total_records,
    processed_records = e.processed_records, success_count = e.success_count,
    failed_records = e.failed_records, started_at = e.started_at, completed_at = e.completed_at, error = e.error
  FROM batch_executions e WHERE e.id = $1 AND s.batch_execution_id = e.id`;

/**
 * The worker's SQL. Every state change is a conditional update, so a job that runs twice, or
 * on two replicas at once, cannot give an item two terminal results nor count it twice.
 */
@Injectable()
export class BatchStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService,
  ) {}

  async load(batchId: string): Promise<LoadedBatch | null> {
    const { rows } = await this.prisma.pool.query(
      `SELECT id, tenant_id, flow_id, status, options, inputs, selection, selection_cutoff, materialized_at, request_id
       FROM batch_executions WHERE id = $1`,
      [batchId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      flowId: row.flow_id,
      status: row.status,
      options: row.options,
      inputs: row.inputs ?? {},
      selection: row.selection,
      selectionCutoff: row.selection_cutoff,
      materialized: row.materialized_at !== null,
      requestId: row.request_id,
    };
  }

  async status(batchId: string): Promise<string | undefined> {
    const { rows } = await this.prisma.pool.query('SELECT status FROM batch_executions WHERE id = $1', [
      batchId,
    ]);
    return rows[0]?.status;
  }

  async markRunning(batchId: string): Promise<void> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE batch_executions SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
       WHERE id = $1 AND status = 'queued'`,
      [batchId],
    );
    if (rowCount) await this.prisma.pool.query(MIRROR_RUN, [batchId]);
  }

  /** A batch-level error: the batch (not its records) failed. */
  async fail(batchId: string, error: string): Promise<void> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE batch_executions SET status = 'failed', error = $2, completed_at = now(), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [batchId, error],
    );
    if (rowCount) {
      await this.prisma.pool.query(
        `UPDATE batch_items SET status = 'cancelled', lease_expires_at = NULL
         WHERE batch_execution_id = $1 AND status IN ('pending', 'running')`,
        [batchId],
      );
      await this.prisma.pool.query(MIRROR_RUN, [batchId]);
    }
  }

  /**
   * Inserts the next keyset chunk of the frozen selection. One materializer per batch at a time
   * (advisory lock); the cursor commits with the rows, so a crash resumes where it stopped.
   */
  async materializeStep(batch: LoadedBatch, chunkSize: number): Promise<'done' | 'progress' | 'busy'> {
    return this.prisma.$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(hashtextextended('batch-materialize:' || ${batch.id}, 0)) AS locked`;
        if (!locked) return 'busy';
        const [state] = await tx.$queryRaw<
          { materialized_at: Date | null; cursor: { last?: string; count?: number } | null }[]
        >`
          SELECT materialized_at, materialize_cursor AS cursor FROM batch_executions WHERE id = ${batch.id}::uuid`;
        if (state.materialized_at) return 'done';
        const base = state.cursor?.count ?? 0;
        const after = state.cursor?.last ?? null;
        const where = selectionWhere(batch.selection, batch.tenantId, batch.selectionCutoff);
        const [step] = await tx.$queryRaw<{ n: number; last: string | null }[]>`
          WITH sel AS (
            SELECT r.id FROM records r
            WHERE ${where} AND (${after}::uuid IS NULL OR r.id > ${after}::uuid)
            ORDER BY r.id LIMIT ${this.config.batches.materializeChunk}
          ), ins AS (
            INSERT INTO batch_items (batch_execution_id, record_id, seq, chunk)
            SELECT ${batch.id}::uuid, id, (${base} + row_number() OVER (ORDER BY id) - 1)::int,
                   ((${base} + row_number() OVER (ORDER BY id) - 1) / ${chunkSize})::int
            FROM sel
            ON CONFLICT (batch_execution_id, record_id) DO NOTHING
          )
          SELECT count(*)::int AS n, (SELECT id FROM sel ORDER BY id DESC LIMIT 1)::text AS last FROM sel`;
        const done = step.n < this.config.batches.materializeChunk;
        const count = base + step.n;
        await tx.$executeRaw`
          UPDATE batch_executions SET
            materialize_cursor = ${JSON.stringify({ last: step.last ?? after, count })}::jsonb,
            materialized_at = CASE WHEN ${done} THEN now() END,
            total_records = CASE WHEN ${done} THEN ${count}::int ELSE total_records END,
            updated_at = now()
          WHERE id = ${batch.id}::uuid`;
        return done ? 'done' : 'progress';
      },
      { timeout: 120_000 },
    );
  }

  /**
   * Claims up to `limit` pending items with `fromSeq <= seq < toSeq`, with their records. The
   * bounded window keeps every claim cheap however stale the planner's statistics are: an
   * unbounded "first pending by seq" would scan and sort every remaining item (and wade through
   * the dead index entries earlier claims left), making a large batch quadratic.
   */
  async claim(
    batchId: string,
    workerId: string,
    limit: number,
    leaseMs: number,
    fromSeq: number,
    toSeq: number,
  ): Promise<ClaimedItem[]> {
    const { rows } = await this.prisma.pool.query(
      `WITH c AS (
         SELECT id FROM batch_items
         WHERE batch_execution_id = $1 AND status = 'pending' AND seq >= $5 AND seq < $6
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
       ), u AS (
         UPDATE batch_items b SET status = 'running', worker_id = $3,
           lease_expires_at = now() + make_interval(secs => $4::float8 / 1000),
           started_at = coalesce(b.started_at, now())
         FROM c WHERE b.id = c.id
         RETURNING b.id, b.record_id, b.seq, b.attempts
       )
       SELECT u.id, u.record_id, u.seq, u.attempts, r.name, r.type, r.metadata
       FROM u LEFT JOIN records r ON r.id = u.record_id ORDER BY u.seq`,
      [batchId, limit, workerId, leaseMs, fromSeq, toSeq],
    );
    return rows.map((row) => ({
      id: row.id,
      recordId: row.record_id,
      seq: row.seq,
      attempts: row.attempts,
      record:
        row.name === null
          ? null
          : { id: row.record_id, name: row.name, type: row.type, metadata: row.metadata },
    }));
  }

  /**
   * Writes outcomes and moves the counters in ONE statement. Only items still running under
   * this worker's claim are written, and the counters move by exactly the rows written.
   */
  async writeOutcomes(batchId: string, workerId: string, outcomes: ItemOutcome[]): Promise<BatchCounters> {
    const rows = await this.withIndexScans((client) =>
      client.query(
        `WITH v AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS v(id uuid, status text, output jsonb, "stepResults" jsonb,
           error text, attempts int, "completedAt" timestamptz)
       ), u AS (
         UPDATE batch_items b SET status = v.status, output = v.output, step_results = v."stepResults",
           error = v.error, attempts = v.attempts, completed_at = v."completedAt", lease_expires_at = NULL,
           worker_id = CASE WHEN v.status = 'pending' THEN NULL ELSE b.worker_id END
         FROM v WHERE b.id = v.id
           -- Checked on the row (and re-checked under concurrent updates) but deliberately not
           -- index-usable: every claimed item left a dead 'running' entry in the status index,
           -- and a plan through it would scan them all. The primary key finds the rows.
           AND (b.batch_execution_id = $1 AND b.status = 'running' AND b.worker_id = $2) IS TRUE
         RETURNING b.status
       ), agg AS (
         SELECT count(*) FILTER (WHERE status = 'completed')::int AS ok,
                count(*) FILTER (WHERE status = 'failed')::int AS bad FROM u
       ), e AS (
         UPDATE batch_executions e SET
           processed_records = e.processed_records + agg.ok + agg.bad,
           success_count = e.success_count + agg.ok,
           failed_records = e.failed_records + agg.bad,
           progress = CASE WHEN e.total_records > 0
             THEN least(100, floor(100.0 * (e.processed_records + agg.ok + agg.bad) / e.total_records))::int ELSE 0 END,
           updated_at = now()
         FROM agg WHERE e.id = $1
         RETURNING e.id, e.status, e.total_records, e.processed_records, e.success_count, e.failed_records, e.progress,
           e.started_at, e.completed_at, e.error
       ), run AS (
         UPDATE schedule_runs s SET total_records = e.total_records, processed_records = e.processed_records,
           success_count = e.success_count, failed_records = e.failed_records
         FROM e WHERE s.batch_execution_id = e.id
       )
       SELECT processed_records, success_count, failed_records, progress, status FROM e`,
        [batchId, workerId, JSON.stringify(outcomes)],
      ),
    );
    const row = rows[0];
    return {
      processedRecords: row.processed_records,
      successCount: row.success_count,
      failedRecords: row.failed_records,
      progress: row.progress,
      status: row.status,
    };
  }

  /**
   * Runs one statement with sequential and bitmap scans off. `batch_items` of a fresh install
   * (or one autovacuum has not analyzed yet) looks empty to the planner, which then joins a
   * flush by scanning the whole table once per outcome; with index scans only, the primary key
   * drives the join whatever the statistics say.
   */
  private async withIndexScans(
    run: (client: PoolClient) => Promise<QueryResult>,
  ): Promise<QueryResult['rows']> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off');
      const { rows } = await run(client);
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The highest seq materialized so far (-1 before the first item). */
  async lastSeq(batchId: string): Promise<number> {
    const { rows } = await this.prisma.pool.query(
      'SELECT seq FROM batch_items WHERE batch_execution_id = $1 ORDER BY seq DESC LIMIT 1',
      [batchId],
    );
    return rows[0]?.seq ?? -1;
  }

  /** Keeps this worker's claims alive while it works on them (by id, for the reason above). */
  async renewLeases(itemIds: string[], workerId: string, leaseMs: number): Promise<void> {
    await this.prisma.pool.query(
      `UPDATE batch_items SET lease_expires_at = now() + make_interval(secs => $3::float8 / 1000)
       WHERE id = ANY($1::uuid[]) AND (worker_id = $2 AND status = 'running') IS TRUE`,
      [itemIds, workerId, leaseMs],
    );
  }

  /** Completes the batch once nothing is left to do; only one caller wins. */
  async finalize(batchId: string): Promise<boolean> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE batch_executions e SET status = 'completed', completed_at = now(), progress = 100,
         total_records = e.processed_records, updated_at = now()
       WHERE e.id = $1 AND e.status = 'running' AND e.materialized_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.batch_execution_id = $1 AND i.status IN ('pending', 'running'))`,
      [batchId],
    );
    if (rowCount) await this.prisma.pool.query(MIRROR_RUN, [batchId]);
    return Boolean(rowCount);
  }

  /** Items of a cancelled batch that never started are cancelled too. */
  async sweepCancelled(batchId: string): Promise<number> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE batch_items SET status = 'cancelled' WHERE batch_execution_id = $1 AND status = 'pending'`,
      [batchId],
    );
    return rowCount ?? 0;
  }
}
