import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { paginate, type CursorQuery, type Page } from '../common/pagination';
import { ownershipOf, type Principal } from '../common/principal';
import { BatchFiringService } from './batch-firing.service';
import type { FireContext, FireResult } from './batch.types';
import {
  BatchesRepository,
  type BatchResultRow,
  type BatchRow,
  type ScheduleRunRow,
} from './batches.repository';
import { resolveExecutionOptions, type ExecutionOptions } from './execution-options';
import { selectionOf } from './record-selection';

export interface SubmitFlowBatchInput {
  flowId: string;
  recordIds: string[];
  options?: ExecutionOptions;
  inputs?: Record<string, unknown>;
}

export interface ResultsQuery {
  limit: number;
  offset: number;
  status?: string;
}

export interface ResultsPage {
  batch: BatchRow;
  flowName: string | null;
  data: BatchResultRow[];
  pagination: { hasMore: boolean; limit: number; offset: number; total: number };
}

/** Run-now, batch submit, status, cancel and results: the API side of the run pipeline. */
@Injectable()
export class BatchesService {
  constructor(
    private readonly batches: BatchesRepository,
    private readonly firing: BatchFiringService,
  ) {}

  async runScheduleNow(principal: Principal, scheduleId: string, context: FireContext): Promise<FireResult> {
    const schedule = await this.batches.findSchedule(principal.tenantId, scheduleId);
    if (!schedule) throw AppError.notFound('Schedule');
    if (!schedule.flowId) {
      throw AppError.validation('This schedule targets an agent; agent runs are not available yet', [
        { path: 'agentId', message: 'Agent targets cannot run yet' },
      ]);
    }
    if (!(await this.batches.flowExists(principal.tenantId, schedule.flowId)))
      throw AppError.notFound('Flow');
    const selection = selectionOf(schedule);
    if (!selection) {
      throw AppError.validation('This schedule selects no records', [
        { path: 'recordIds', message: 'Set recordIds, recordFilter or recordType' },
      ]);
    }
    return this.firing.fire({
      owner: ownershipOf(principal),
      flowId: schedule.flowId,
      selection,
      options: resolveExecutionOptions(schedule.executionOptions as ExecutionOptions),
      inputs: (schedule.inputs as Record<string, unknown>) ?? {},
      schedule: { id: schedule.id, trigger: 'manual' },
      idempotency: context.idempotencyKey
        ? {
            scope: `schedule.run-now:${schedule.id}`,
            key: context.idempotencyKey,
            requestHash: hash(schedule.id),
          }
        : undefined,
      requestId: context.requestId,
    });
  }

  async submitFlowBatch(
    principal: Principal,
    input: SubmitFlowBatchInput,
    context: FireContext,
  ): Promise<FireResult> {
    if (!(await this.batches.flowExists(principal.tenantId, input.flowId))) throw AppError.notFound('Flow');
    return this.firing.fire({
      owner: ownershipOf(principal),
      flowId: input.flowId,
      selection: { recordIds: [...new Set(input.recordIds)] },
      options: resolveExecutionOptions(input.options),
      inputs: input.inputs ?? {},
      idempotency: context.idempotencyKey
        ? { scope: 'batch.flow', key: context.idempotencyKey, requestHash: hash(JSON.stringify(input)) }
        : undefined,
      requestId: context.requestId,
    });
  }

  async status(principal: Principal, id: string): Promise<BatchRow> {
    const batch = await this.batches.findBatch(principal.tenantId, id);
    if (!batch) throw AppError.notFound('Batch execution');
    return batch;
  }

  async cancel(principal: Principal, id: string): Promise<void> {
    const batch = await this.status(principal, id);
    if (!(await this.batches.cancel(principal.tenantId, id))) {
      throw AppError.conflict(`Batch execution is already ${batch.status}`, { status: batch.status });
    }
  }

  async results(principal: Principal, batchId: string, query: ResultsQuery): Promise<ResultsPage> {
    const batch = await this.status(principal, batchId);
    const [data, total, flowName] = await Promise.all([
      this.batches.results(batchId, query.status, query.limit, query.offset),
      this.batches.countResults(batchId, query.status),
      this.batches.flowName(batch.flowId),
    ]);
    return {
      batch,
      flowName,
      data,
      pagination: {
        hasMore: query.offset + data.length < total,
        limit: query.limit,
        offset: query.offset,
        total,
      },
    };
  }

  async listScheduleRuns(
    principal: Principal,
    scheduleId: string,
    query: CursorQuery,
  ): Promise<Page<ScheduleRunRow>> {
    if (!(await this.batches.findSchedule(principal.tenantId, scheduleId)))
      throw AppError.notFound('Schedule');
    return paginate(
      query,
      (page) => this.batches.listRuns(scheduleId, page),
      () => this.batches.countRuns(scheduleId),
    );
  }
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
