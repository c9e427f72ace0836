import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { PrismaService } from '@app/database';
import { defaultFlowEngine, type FlowDefinition, type RecordWriter } from '@app/flow-engine';
import { BatchQueue } from './batch-queue';
import { BatchStore, type ClaimedItem, type ItemOutcome, type LoadedBatch } from './batch-store';
import { retryDelayMs } from './execution-options';

export type DrainOutcome =
  'missing' | 'finished' | 'cancelled' | 'failed' | 'released' | 'nothing-left' | 'already-terminal';

const CANCEL_POLL_MS = 250;

/**
 * Drains one batch: materializes what is still missing, claims chunks of pending items, runs
 * the flow per record with bounded concurrency, writes outcomes in flushes and completes the
 * batch. Any number of drainers (jobs, workers) may work on one batch at once.
 */
@Injectable()
export class BatchRunner {
  private readonly logger = new Logger(BatchRunner.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<DrainOutcome>>();

  constructor(
    private readonly store: BatchStore,
    private readonly prisma: PrismaService,
    private readonly queue: BatchQueue,
    private readonly config: ConfigService,
  ) {}

  drain(batchId: string): Promise<DrainOutcome> {
    const run = this.drainLoop(batchId).finally(() => this.running.delete(run));
    this.running.add(run);
    return run;
  }

  /**
   * Shutdown: stop claiming, abort in-flight records and hand their items back; each drainer
   * enqueues its successor. Call after the queue worker stopped fetching jobs.
   */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('worker shutting down'));
    await Promise.allSettled([...this.running]);
  }

  private async drainLoop(batchId: string): Promise<DrainOutcome> {
    const batch = await this.store.load(batchId);
    if (!batch) return 'missing';
    if (batch.status === 'cancelled') {
      await this.store.sweepCancelled(batchId);
      return 'cancelled';
    }
    if (batch.status !== 'queued' && batch.status !== 'running') return 'already-terminal';

    const flow = batch.flowId ? await this.loadFlow(batch.flowId) : null;
    if (!flow) {
      await this.store.fail(batchId, 'The flow of this batch no longer exists');
      return 'failed';
    }
    await this.store.markRunning(batchId);

    let materialized = batch.materialized;
    const leaseMs = this.config.worker.leaseMs;
    const { chunkSize } = batch.options;
    const window = chunkSize * 4;
    // Claims walk the items in seq order through a window; once the end is reached the drainer
    // looks behind once (items handed back by expired leases or a stopped worker) and finishes.
    let claimFrom = 0;
    let lookedBehind = false;
    for (;;) {
      if (this.stopping.signal.aborted) {
        // Whoever runs next finishes what this worker handed back.
        await this.queue.addDrainer(batchId, 'handoff', batch.requestId ?? undefined).catch(() => undefined);
        return 'released';
      }
      let materializing: 'done' | 'progress' | 'busy' = 'done';
      if (!materialized) {
        materializing = await this.store.materializeStep(batch, chunkSize);
        materialized = materializing === 'done';
      }
      const items = await this.store.claim(
        batchId,
        this.workerId,
        chunkSize,
        leaseMs,
        claimFrom,
        claimFrom + window,
      );
      if (items.length === 0) {
        if (claimFrom + window <= (await this.store.lastSeq(batchId))) {
          claimFrom += window;
        } else if (!materialized) {
          // Another drainer holds the materialization lock: its rows appear shortly.
          if (materializing === 'busy') await sleep(50, this.stopping.signal);
        } else if (!lookedBehind) {
          lookedBehind = true;
          claimFrom = 0;
        } else {
          await this.store.finalize(batchId);
          return 'nothing-left';
        }
        continue;
      }
      claimFrom = items[items.length - 1].seq + 1;
      const outcome = await this.runChunk(batch, flow, items);
      if (outcome !== 'continue') return outcome;
    }
  }

  private async runChunk(
    batch: LoadedBatch,
    flow: FlowDefinition,
    items: ClaimedItem[],
  ): Promise<'continue' | 'cancelled'> {
    const chunk = new AbortController();
    // One abort listener per record in flight (timeouts forward the chunk's abort).
    setMaxListeners(batch.options.recordConcurrency + 10, chunk.signal);
    const onStop = () => chunk.abort(this.stopping.signal.reason);
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    let cancelled = false;
    const watch = setInterval(() => {
      this.store
        .status(batch.id)
        .then((status) => {
          if (status === 'cancelled' && !chunk.signal.aborted) {
            cancelled = true;
            chunk.abort(new Error('batch cancelled'));
          }
        })
        .catch(() => undefined);
    }, CANCEL_POLL_MS);
    const leaseMs = this.config.worker.leaseMs;
    const heartbeat = setInterval(
      () =>
        void this.store
          .renewLeases(
            items.map((item) => item.id),
            this.workerId,
            leaseMs,
          )
          .catch(() => undefined),
      Math.max(200, Math.floor(leaseMs / 3)),
    );

    const buffer: ItemOutcome[] = [];
    let flushing: Promise<unknown> = Promise.resolve();
    const flush = () => {
      const outcomes = buffer.splice(0, buffer.length);
      if (outcomes.length > 0) {
        flushing = flushing.then(() => this.store.writeOutcomes(batch.id, this.workerId, outcomes));
      }
      return flushing;
    };

    try {
      let next = 0;
      const lanes = Math.min(batch.options.recordConcurrency, items.length);
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < items.length) {
            const item = items[next++];
            buffer.push(await this.runItem(batch, flow, item, chunk.signal, () => cancelled));
            if (buffer.length >= batch.options.progressFlushSize) await flush();
          }
        }),
      );
      await flush();
    } finally {
      clearInterval(watch);
      clearInterval(heartbeat);
      this.stopping.signal.removeEventListener('abort', onStop);
    }

    if (cancelled || (await this.store.status(batch.id)) === 'cancelled') {
      await this.store.sweepCancelled(batch.id);
      return 'cancelled';
    }
    return 'continue';
  }

  private async runItem(
    batch: LoadedBatch,
    flow: FlowDefinition,
    item: ClaimedItem,
    chunkSignal: AbortSignal,
    isCancelled: () => boolean,
  ): Promise<ItemOutcome> {
    const outcome = (status: ItemOutcome['status'], attempts: number, fields: Partial<ItemOutcome> = {}) => ({
      id: item.id,
      status,
      output: null,
      stepResults: null,
      error: null,
      attempts,
      completedAt: status === 'pending' ? null : new Date().toISOString(),
      ...fields,
    });
    if (chunkSignal.aborted) return outcome(isCancelled() ? 'cancelled' : 'pending', item.attempts);
    if (!item.record) return outcome('failed', item.attempts + 1, { error: 'The record no longer exists' });

    const { maxRetries, retryOnFailure, timeoutMs } = batch.options;
    const allowed = 1 + (retryOnFailure === false ? 0 : maxRetries);
    const writer = this.recordWriter(batch.tenantId);
    let attempts = item.attempts;
    for (let attempt = 1; ; attempt++) {
      attempts++;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const forward = () => timeout.abort(chunkSignal.reason);
      chunkSignal.addEventListener('abort', forward, { once: true });
      try {
        const result = await defaultFlowEngine.run(flow, item.record, batch.inputs, {
          signal: timeout.signal,
          recordWriter: writer,
        });
        if (chunkSignal.aborted) return outcome(isCancelled() ? 'cancelled' : 'pending', attempts - 1);
        if (result.status === 'completed') {
          return outcome('completed', attempts, { output: result.output, stepResults: result.steps });
        }
        if (attempt >= allowed) {
          return outcome('failed', attempts, { error: result.error ?? 'failed', stepResults: result.steps });
        }
      } finally {
        clearTimeout(timer);
        chunkSignal.removeEventListener('abort', forward);
      }
      await sleep(retryDelayMs(attempt), chunkSignal);
      if (chunkSignal.aborted) return outcome(isCancelled() ? 'cancelled' : 'pending', attempts);
    }
  }

  private async loadFlow(flowId: string): Promise<FlowDefinition | null> {
    const flow = await this.prisma.flow.findUnique({
      where: { id: flowId },
      select: { id: true, name: true, steps: true },
    });
    return flow
      ? { id: flow.id, name: flow.name, steps: flow.steps as unknown as FlowDefinition['steps'] }
      : null;
  }

  private recordWriter(tenantId: string): RecordWriter {
    return {
      mergeMetadata: async (recordId, patch) => {
        const { rows } = await this.prisma.pool.query(
          `UPDATE records SET metadata = metadata || $2::jsonb, updated_at = now()
           WHERE id = $1 AND tenant_id = $3 RETURNING metadata`,
          [recordId, JSON.stringify(patch), tenantId],
        );
        if (!rows[0]) throw new Error('The record no longer exists');
        return rows[0].metadata;
      },
    };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
