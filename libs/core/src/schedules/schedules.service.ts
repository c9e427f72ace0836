import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import { AppError, type FieldIssue } from '../common/app-error';
import { jsonColumn } from '../common/json';
import { paginate, type CursorQuery, type Page } from '../common/pagination';
import { ownershipOf, type Principal } from '../common/principal';
import { lockTenantRow } from '../common/tenant-scope';
import { ProductsRepository } from '../products/products.repository';
import { SurfacesRepository } from '../surfaces/surfaces.repository';
import { computeNextRunAt, triggerProblems } from './next-run';
import type { RecordFilter } from './record-filter';
import {
  DEFAULT_SCHEDULE_NAME,
  MAX_RECORD_IDS,
  TRIGGER_TYPES,
  type ScheduleExecutionOptions,
} from './schedule-types';
import {
  SchedulesRepository,
  type ScheduleRow,
  type ScheduleWrite,
  type SurfaceScope,
} from './schedules.repository';

/**
 * The flat schedule fields (the shape the API returns; nested bodies are normalized to it
 * before they get here). On update, a field left undefined keeps its stored value and null
 * clears it.
 */
export interface ScheduleInput {
  name?: string;
  flowId?: string | null;
  agentId?: string | null;
  recordType?: string | null;
  recordIds?: string[] | null;
  recordFilter?: RecordFilter | null;
  triggerType?: string;
  cron?: string | null;
  timezone?: string;
  runAt?: Date | null;
  enabled?: boolean;
  executionOptions?: ScheduleExecutionOptions;
  inputs?: Record<string, unknown>;
  messages?: unknown[] | null;
}

export type CreateScheduleInput = ScheduleInput;
export type UpdateScheduleInput = ScheduleInput;

/** A schedule with the current name of its flow (null for agent schedules or a deleted flow). */
export type ScheduleDetail = ScheduleRow & { flowName: string | null };

/** What the validity rules and `nextRunAt` look at, after an input is applied. */
interface Effective {
  flowId: string | null;
  agentId: string | null;
  recordType: string | null;
  recordIds: string[];
  recordFilter: unknown;
  triggerType: string | undefined;
  cron: string | null;
  timezone: string;
  runAt: Date | null;
  enabled: boolean;
  lastRunAt: Date | null;
}

const CREATE_DEFAULTS: Effective = {
  flowId: null,
  agentId: null,
  recordType: null,
  recordIds: [],
  recordFilter: null,
  triggerType: undefined,
  cron: null,
  timezone: 'UTC',
  runAt: null,
  enabled: true,
  lastRunAt: null,
};

@Injectable()
export class SchedulesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly products: ProductsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly surfaces: SurfacesRepository,
  ) {}

  async list(
    principal: Principal,
    productId: string,
    surfaceId: string,
    query: CursorQuery & { search?: string },
  ): Promise<Page<ScheduleDetail>> {
    const scope = await this.requireSurface(principal, productId, surfaceId);
    const page = await paginate(
      query,
      (keyset) => this.schedules.list(scope, keyset, query.search),
      () => this.schedules.count(scope, query.search),
    );
    return { ...page, data: await this.withFlowNames(principal.tenantId, page.data) };
  }

  async create(
    principal: Principal,
    productId: string,
    surfaceId: string,
    input: CreateScheduleInput,
  ): Promise<ScheduleDetail> {
    const scope = await this.requireSurface(principal, productId, surfaceId);
    const effective = apply(CREATE_DEFAULTS, input);
    assertValidSchedule(effective);
    const flowName = effective.flowId ? await this.requireFlow(principal.tenantId, effective.flowId) : null;
    const row = await this.schedules.create(ownershipOf(principal), {
      ...toWrite(input),
      productSurfaceId: scope.surfaceId,
      recordIds: effective.recordIds,
      name: input.name ?? DEFAULT_SCHEDULE_NAME,
      triggerType: effective.triggerType,
      timezone: effective.timezone,
      enabled: effective.enabled,
      nextRunAt: computeNextRunAt(effective, new Date()),
    });
    return { ...row, flowName };
  }

  async get(principal: Principal, productId: string, surfaceId: string, id: string): Promise<ScheduleDetail> {
    const scope = { tenantId: principal.tenantId, productId, surfaceId };
    const schedule = await this.schedules.findInSurface(scope, id);
    if (!schedule) throw AppError.notFound('Schedule');
    return this.withFlowName(schedule);
  }

  /**
   * Partial update. `nextRunAt` is recomputed only when a trigger setting (`triggerType`,
   * `cron`, `timezone`, `runAt`) changes value or `enabled` flips, so re-sending the same
   * trigger never moves a due fire. Flipping `enabled` through an update is a pause/resume
   * without a reason.
   */
  async update(
    principal: Principal,
    productId: string,
    surfaceId: string,
    id: string,
    input: UpdateScheduleInput,
  ): Promise<ScheduleDetail> {
    const row = await this.lockedChange(principal, productId, surfaceId, id, async (current, tx) => {
      const effective = apply(current, input);
      assertValidSchedule(effective);
      if (input.flowId) await this.requireFlow(principal.tenantId, input.flowId, tx);
      const data = toWrite(input);
      const enabledFlips = effective.enabled !== current.enabled;
      if (enabledFlips || triggerChanged(current, effective)) {
        data.nextRunAt = computeNextRunAt(effective, new Date());
      }
      if (enabledFlips) {
        data.pausedAt = effective.enabled ? null : new Date();
        data.pauseReason = null;
      }
      return this.schedules.update(id, data, tx);
    });
    return this.withFlowName(row);
  }

  async delete(principal: Principal, productId: string, surfaceId: string, id: string): Promise<void> {
    const scope = { tenantId: principal.tenantId, productId, surfaceId };
    if (!(await this.schedules.delete(scope, id))) throw AppError.notFound('Schedule');
  }

  /**
   * Stops cadence fires (run-now still works). Idempotent: pausing a paused schedule keeps its
   * `pausedAt`; a new `reason` replaces the stored one.
   */
  async pause(
    principal: Principal,
    productId: string,
    surfaceId: string,
    id: string,
    reason?: string,
  ): Promise<ScheduleDetail> {
    const row = await this.lockedChange(principal, productId, surfaceId, id, (current, tx) => {
      if (!current.enabled && current.pausedAt) {
        if (reason === undefined || reason === current.pauseReason) return Promise.resolve(current);
        return this.schedules.update(id, { pauseReason: reason }, tx);
      }
      return this.schedules.update(
        id,
        { enabled: false, pausedAt: new Date(), pauseReason: reason ?? null, nextRunAt: null },
        tx,
      );
    });
    return this.withFlowName(row);
  }

  /** Re-enables and plans the next fire from now: missed fires are not caught up. Idempotent. */
  async resume(
    principal: Principal,
    productId: string,
    surfaceId: string,
    id: string,
  ): Promise<ScheduleDetail> {
    const row = await this.lockedChange(principal, productId, surfaceId, id, (current, tx) => {
      if (current.enabled) return Promise.resolve(current);
      return this.schedules.update(
        id,
        {
          enabled: true,
          pausedAt: null,
          pauseReason: null,
          nextRunAt: computeNextRunAt({ ...current, enabled: true }, new Date()),
        },
        tx,
      );
    });
    return this.withFlowName(row);
  }

  /** The full row for the batch pipeline (scheduler, run-now), tenant-scoped; null when not found. */
  getById(tenantId: string, id: string): Promise<ScheduleRow | null> {
    return this.schedules.findById(tenantId, id);
  }

  /** Read-modify-write of one schedule of this surface, its row locked for the transaction. */
  private lockedChange(
    principal: Principal,
    productId: string,
    surfaceId: string,
    id: string,
    change: (current: ScheduleRow, tx: Tx) => Promise<ScheduleRow>,
  ): Promise<ScheduleRow> {
    const scope = { tenantId: principal.tenantId, productId, surfaceId };
    return this.prisma.$transaction(async (tx) => {
      const current = (await lockTenantRow(tx, 'schedules', principal.tenantId, id))
        ? await this.schedules.findInSurface(scope, id, tx)
        : null;
      if (!current) throw AppError.notFound('Schedule');
      return change(current, tx);
    });
  }

  private async requireSurface(
    principal: Principal,
    productId: string,
    surfaceId: string,
  ): Promise<SurfaceScope> {
    const scope = { tenantId: principal.tenantId, productId, surfaceId };
    if (await this.surfaces.exists(scope.tenantId, scope.productId, scope.surfaceId)) return scope;
    if (!(await this.products.findById(principal.tenantId, productId))) throw AppError.notFound('Product');
    throw AppError.notFound('Surface');
  }

  /** The flow's name; 404 when it is not the tenant's. */
  private async requireFlow(tenantId: string, flowId: string, tx?: Tx): Promise<string> {
    const name = (await this.schedules.flowNames(tenantId, [flowId], tx)).get(flowId.toLowerCase());
    if (name === undefined) throw AppError.notFound('Flow');
    return name;
  }

  private async withFlowName(row: ScheduleRow): Promise<ScheduleDetail> {
    const [detail] = await this.withFlowNames(row.tenantId, [row]);
    return detail;
  }

  private async withFlowNames(tenantId: string, rows: ScheduleRow[]): Promise<ScheduleDetail[]> {
    const flowIds = rows.flatMap((row) => (row.flowId ? [row.flowId] : []));
    const names = await this.schedules.flowNames(tenantId, flowIds);
    return rows.map((row) => ({ ...row, flowName: row.flowId ? (names.get(row.flowId) ?? null) : null }));
  }
}

function apply(base: Effective | ScheduleRow, input: ScheduleInput): Effective {
  const pick = <K extends keyof ScheduleInput & keyof Effective>(key: K) =>
    (input[key] === undefined ? base[key] : input[key]) as Effective[K];
  return {
    flowId: pick('flowId'),
    agentId: pick('agentId'),
    recordType: pick('recordType'),
    recordIds: input.recordIds === undefined ? base.recordIds : uniqueIds(input.recordIds),
    recordFilter: pick('recordFilter'),
    triggerType: pick('triggerType'),
    cron: pick('cron'),
    timezone: pick('timezone'),
    runAt: pick('runAt'),
    enabled: pick('enabled'),
    lastRunAt: base.lastRunAt,
  };
}

/** What to write for the fields an input names (undefined leaves a column as is). */
function toWrite(input: ScheduleInput): ScheduleWrite {
  return {
    name: input.name,
    flowId: input.flowId,
    agentId: input.agentId,
    recordType: input.recordType,
    recordIds: input.recordIds === undefined ? undefined : uniqueIds(input.recordIds),
    recordFilter: jsonColumn(input.recordFilter),
    triggerType: input.triggerType,
    cron: input.cron,
    timezone: input.timezone,
    runAt: input.runAt,
    enabled: input.enabled,
    executionOptions: input.executionOptions as Prisma.InputJsonValue | undefined,
    inputs: input.inputs as Prisma.InputJsonValue | undefined,
    messages: jsonColumn(input.messages),
  };
}

/** Lower-cased, first occurrence kept; an empty list is stored for "none" (the API shows null). */
function uniqueIds(ids: string[] | null): string[] {
  return [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
}

function triggerChanged(current: ScheduleRow, next: Effective): boolean {
  return (
    current.triggerType !== next.triggerType ||
    current.cron !== next.cron ||
    current.timezone !== next.timezone ||
    (current.runAt?.getTime() ?? null) !== (next.runAt?.getTime() ?? null)
  );
}

/** The rules that span fields, checked on the schedule as it will be stored. */
function assertValidSchedule(schedule: Effective): asserts schedule is Effective & { triggerType: string } {
  const issues: FieldIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });

  if (!schedule.flowId && !schedule.agentId) {
    issue('flowId', 'A schedule targets a flow (flowId) or an agent (agentId): give one');
  } else if (schedule.flowId && schedule.agentId) {
    issue('agentId', 'A schedule targets a flow or an agent, not both');
  } else if (schedule.agentId) {
    if (schedule.recordType !== null) issue('recordType', 'Only flow schedules run over records');
    if (schedule.recordIds.length > 0) issue('recordIds', 'Only flow schedules run over records');
    if (schedule.recordFilter !== null) issue('recordFilter', 'Only flow schedules run over records');
  }
  if (schedule.recordIds.length > MAX_RECORD_IDS) issue('recordIds', `At most ${MAX_RECORD_IDS} record ids`);

  const { triggerType } = schedule;
  if (triggerType === undefined) {
    issue('triggerType', `Required: one of ${TRIGGER_TYPES.join(', ')}`);
  } else if (!(TRIGGER_TYPES as readonly string[]).includes(triggerType)) {
    issue('triggerType', `Must be one of ${TRIGGER_TYPES.join(', ')}`);
  }
  const knownTrigger =
    triggerType !== undefined && (TRIGGER_TYPES as readonly string[]).includes(triggerType);
  for (const problem of triggerProblems({
    ...schedule,
    triggerType: knownTrigger ? triggerType : undefined,
  })) {
    issue(problem.field, problem.message);
  }

  if (issues.length > 0) throw AppError.validation('Invalid schedule', issues);
}
