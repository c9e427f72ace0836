import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import { defaultFlowEngine } from '@app/flow-engine';
import { CapabilitiesRepository } from '../capabilities/capabilities.repository';
import { AppError } from '../common/app-error';
import { onceForKey } from '../common/idempotency';
import { isUuid } from '../common/ids';
import { isPlainObject, jsonColumn } from '../common/json';
import { ownershipOf, type Principal } from '../common/principal';
import { FlowsRepository } from '../flows/flows.repository';
import { canonicalJson } from '../generation-sessions/canonical-json';
import {
  productDetailSelect,
  ProductsRepository,
  type ProductDetailRow,
} from '../products/products.repository';
import { computeNextRunAt, triggerProblems } from '../schedules/next-run';
import { DEFAULT_SCHEDULE_NAME } from '../schedules/schedule-types';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { SurfaceItemsRepository } from '../surface-items/surface-items.repository';
import { SurfaceKeysService, type CreatedSurfaceKey } from '../surface-keys/surface-keys.service';
import { SurfacesRepository } from '../surfaces/surfaces.repository';
import { fpoSchema, type Fpo } from './fpo.schema';

export const ASSEMBLE_IDEMPOTENCY_SCOPE = 'products.assemble';

/** One problem of an FPO, at its JSON path (`capabilities[2].flow.steps[0].type`). */
export interface FpoIssue {
  path: string;
  message: string;
  code: string;
}

export interface FpoIdMapping {
  fpoId: string;
  id: string;
}

/** What one assemble created; `flows[].fpoId` is the FPO id of the capability owning the inline flow. */
export interface AssembledProduct {
  product: ProductDetailRow;
  flows: FpoIdMapping[];
  capabilities: FpoIdMapping[];
  surfaces: FpoIdMapping[];
  schedules: FpoIdMapping[];
  testApiKey: CreatedSurfaceKey;
}

/** Renders the HTTP body inside the transaction, so that an idempotent replay answers the same bytes. */
export type AssemblyRenderer<R> = (assembled: AssembledProduct) => R;

type Segment = string | number;

/** `['capabilities', 2, 'flow']` → `capabilities[2].flow`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out || '(root)';
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObject = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Builds a whole product from a Full Product Object (spec §4.3): validates everything first
 * (shape, cross references, inline flow steps, schedule rules, flow ownership), then creates the
 * product, its test key, inline flows, capabilities, surfaces, items and schedules in ONE
 * transaction.
 */
@Injectable()
export class ProductAssemblyService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly products: ProductsRepository,
    private readonly flows: FlowsRepository,
    private readonly capabilities: CapabilitiesRepository,
    private readonly surfaces: SurfacesRepository,
    private readonly items: SurfaceItemsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly surfaceKeys: SurfaceKeysService,
  ) {}

  /** Every problem of the FPO (empty when it can be assembled); creates nothing. */
  async validate(principal: Principal, body: unknown): Promise<FpoIssue[]> {
    const issues: FpoIssue[] = [];
    const parsed = fpoSchema.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            issues.push({
              path: formatPath([...issue.path, key]),
              message: 'Unknown field',
              code: issue.code,
            });
          }
        } else {
          issues.push({ path: formatPath(issue.path), message: issue.message, code: issue.code });
        }
      }
    }
    // Cross-reference rules run on the raw input too, so one answer lists every problem.
    issues.push(...(await this.crossCheck(principal, body)));
    return dedupe(issues);
  }

  /** Validates (400 listing every problem, nothing created), then creates everything in one transaction. */
  async assemble<R>(
    principal: Principal,
    body: unknown,
    render: AssemblyRenderer<R>,
    idempotencyKey?: string,
  ): Promise<R> {
    const issues = await this.validate(principal, body);
    if (issues.length > 0) throw AppError.validation('Invalid Full Product Object', issues);
    const fpo = fpoSchema.parse(body);
    const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');

    return this.prisma.$transaction(
      async (tx) => {
        const build = async () => render(await this.create(tx, principal, fpo));
        const response =
          idempotencyKey === undefined
            ? await build()
            : (
                await onceForKey(
                  tx,
                  {
                    tenantId: principal.tenantId,
                    scope: ASSEMBLE_IDEMPOTENCY_SCOPE,
                    key: idempotencyKey,
                    requestHash,
                  },
                  201,
                  build,
                )
              ).response;
        return response;
      },
      { timeout: 60_000 },
    );
  }

  private async create(tx: Tx, principal: Principal, fpo: Fpo): Promise<AssembledProduct> {
    const owner = ownershipOf(principal);
    const tenantId = principal.tenantId;
    const product = await this.products.create(
      owner,
      {
        name: fpo.product.name,
        description: fpo.product.description,
        icon: fpo.product.icon,
        canvas: (fpo.product.canvas ?? {}) as Prisma.InputJsonValue,
        spec: (fpo.product.spec ?? {}) as Prisma.InputJsonValue,
      },
      tx,
    );
    const testApiKey = await this.surfaceKeys.issueProductTestKey(tx, product);

    const flows: FpoIdMapping[] = [];
    const capabilities: FpoIdMapping[] = [];
    const capabilityIds = new Map<string, string>();
    const capabilityFlowIds = new Map<string, string | null>();
    for (const [index, capability] of fpo.capabilities.entries()) {
      let flowId = capability.flowId ?? null;
      if (capability.flow) {
        const flow = await this.flows.create(
          owner,
          {
            name: capability.flow.name,
            description: capability.flow.description,
            steps: capability.flow.steps as Prisma.InputJsonValue,
          },
          tx,
        );
        flowId = flow.id;
        flows.push({ fpoId: capability.id, id: flow.id });
      }
      const row = await this.capabilities.create(
        {
          tenantId,
          productId: product.id,
          flowId,
          agentId: capability.agentId ?? null,
          capabilityName: capability.name,
          capabilityDescription: capability.description ?? null,
          parametersSchema: jsonColumn(capability.parametersSchema),
          enabled: capability.enabled,
          displayOrder: index + 1,
        },
        tx,
      );
      capabilityIds.set(capability.id, row.id);
      capabilityFlowIds.set(capability.id, flowId);
      capabilities.push({ fpoId: capability.id, id: row.id });
    }

    const surfaces: FpoIdMapping[] = [];
    const schedules: FpoIdMapping[] = [];
    const now = new Date();
    for (const surface of fpo.surfaces ?? []) {
      const row = await this.surfaces.create(
        {
          tenantId,
          productId: product.id,
          name: surface.name,
          type: surface.type,
          status: surface.status,
          environment: surface.environment ?? 'development',
          config: jsonColumn(surface.config),
          behavior: jsonColumn(surface.behavior),
        },
        tx,
      );
      surfaces.push({ fpoId: surface.id, id: row.id });
      for (const [index, item] of (surface.items ?? []).entries()) {
        await this.items.create(
          {
            tenantId,
            surfaceId: row.id,
            capabilityId: capabilityIds.get(item.capabilityId)!,
            exposedName: item.exposedName,
            exposedDescription: item.exposedDescription,
            endpointSlug: item.endpointSlug,
            isEntryPoint: item.isEntryPoint,
            enabled: item.enabled,
            config: jsonColumn(item.config),
            displayOrder: index + 1,
          },
          tx,
        );
      }
      for (const schedule of surface.schedules ?? []) {
        const flowId = schedule.flowId ?? capabilityFlowIds.get(schedule.capabilityId!)!;
        const timezone = schedule.timezone ?? 'UTC';
        const runAt = schedule.runAt ? new Date(schedule.runAt) : null;
        const cron = schedule.cron ?? null;
        const created = await this.schedules.create(
          owner,
          {
            productSurfaceId: row.id,
            name: schedule.name ?? DEFAULT_SCHEDULE_NAME,
            flowId,
            recordType: schedule.recordType ?? null,
            recordIds: [...new Set((schedule.recordIds ?? []).map((id) => id.toLowerCase()))],
            recordFilter: jsonColumn(schedule.recordFilter),
            triggerType: schedule.triggerType,
            cron,
            timezone,
            runAt,
            enabled: true,
            executionOptions: schedule.executionOptions as Prisma.InputJsonValue | undefined,
            inputs: schedule.inputs as Prisma.InputJsonValue | undefined,
            nextRunAt: computeNextRunAt(
              { triggerType: schedule.triggerType, cron, timezone, runAt, enabled: true, lastRunAt: null },
              now,
            ),
          },
          tx,
        );
        schedules.push({ fpoId: schedule.id, id: created.id });
      }
    }

    const detail = await tx.product.findFirstOrThrow({
      where: { id: product.id, tenantId },
      select: productDetailSelect,
    });
    return { product: detail, flows, capabilities, surfaces, schedules, testApiKey };
  }

  /** The cross-reference and rule checks, defensive about a malformed shape (zod reports that). */
  private async crossCheck(principal: Principal, body: unknown): Promise<FpoIssue[]> {
    const issues: FpoIssue[] = [];
    const issue = (path: Segment[], code: string, message: string) =>
      issues.push({ path: formatPath(path), message, code });
    const root = asObject(body);
    const existingFlowRefs: Array<{ path: Segment[]; id: string }> = [];

    // Capabilities: unique ids, exactly one target, inline flow steps.
    const capabilityIds = new Set<string>();
    const flowCapabilities = new Set<string>();
    for (const [i, raw] of asArray(root.capabilities).entries()) {
      const capability = asObject(raw);
      const id = asString(capability.id);
      if (id !== undefined) {
        if (capabilityIds.has(id))
          issue(['capabilities', i, 'id'], 'duplicate_id', `Duplicate capability id '${id}'`);
        capabilityIds.add(id);
      }
      const targets = (['flowId', 'flow', 'agentId'] as const).filter(
        (key) => capability[key] !== undefined && capability[key] !== null && capability[key] !== '',
      );
      if (targets.length !== 1) {
        issue(
          ['capabilities', i],
          'invalid_target',
          targets.length === 0
            ? 'Give exactly one of flowId, flow or agentId'
            : `Give exactly one of flowId, flow or agentId (got ${targets.join(', ')})`,
        );
      }
      if (id !== undefined && (targets.includes('flowId') || targets.includes('flow')))
        flowCapabilities.add(id);
      const flowId = asString(capability.flowId);
      if (flowId !== undefined && isUuid(flowId))
        existingFlowRefs.push({ path: ['capabilities', i, 'flowId'], id: flowId });
      if (isPlainObject(capability.flow) && Array.isArray(capability.flow.steps)) {
        const result = defaultFlowEngine.validateSteps(capability.flow.steps);
        if (!result.ok) {
          for (const stepIssue of result.issues) {
            issue(['capabilities', i, 'flow', ...stepIssue.path], 'invalid_flow_step', stepIssue.message);
          }
        }
      }
    }

    // Surfaces: unique ids, items referencing FPO capabilities, unique slugs, schedule rules.
    const surfaceIds = new Set<string>();
    const scheduleIds = new Set<string>();
    for (const [s, raw] of asArray(root.surfaces).entries()) {
      const surface = asObject(raw);
      const id = asString(surface.id);
      if (id !== undefined) {
        if (surfaceIds.has(id)) issue(['surfaces', s, 'id'], 'duplicate_id', `Duplicate surface id '${id}'`);
        surfaceIds.add(id);
      }
      const slugs = new Set<string>();
      for (const [j, rawItem] of asArray(surface.items).entries()) {
        const item = asObject(rawItem);
        const capabilityId = asString(item.capabilityId);
        if (capabilityId !== undefined && !capabilityIds.has(capabilityId)) {
          issue(
            ['surfaces', s, 'items', j, 'capabilityId'],
            'unknown_capability',
            `No capability with id '${capabilityId}' in this FPO`,
          );
        }
        if (typeof item.endpointSlug === 'string') {
          if (slugs.has(item.endpointSlug)) {
            issue(
              ['surfaces', s, 'items', j, 'endpointSlug'],
              'duplicate_endpoint_slug',
              `endpointSlug '${item.endpointSlug}' is already used on this surface`,
            );
          }
          slugs.add(item.endpointSlug);
        }
      }
      for (const [k, rawSchedule] of asArray(surface.schedules).entries()) {
        const schedule = asObject(rawSchedule);
        const at = (...rest: Segment[]): Segment[] => ['surfaces', s, 'schedules', k, ...rest];
        const scheduleId = asString(schedule.id);
        if (scheduleId !== undefined) {
          if (scheduleIds.has(scheduleId))
            issue(at('id'), 'duplicate_id', `Duplicate schedule id '${scheduleId}'`);
          scheduleIds.add(scheduleId);
        }
        const capabilityId = asString(schedule.capabilityId);
        const flowId = asString(schedule.flowId);
        if ((capabilityId === undefined) === (flowId === undefined)) {
          issue(at(), 'invalid_target', 'Give exactly one of capabilityId or flowId');
        } else if (capabilityId !== undefined) {
          if (!capabilityIds.has(capabilityId)) {
            issue(
              at('capabilityId'),
              'unknown_capability',
              `No capability with id '${capabilityId}' in this FPO`,
            );
          } else if (!flowCapabilities.has(capabilityId)) {
            issue(at('capabilityId'), 'not_a_flow_capability', 'A schedule runs a flow capability');
          }
        } else if (flowId !== undefined && isUuid(flowId)) {
          existingFlowRefs.push({ path: at('flowId'), id: flowId });
        }
        const problems = triggerProblems({
          triggerType: typeof schedule.triggerType === 'string' ? schedule.triggerType : undefined,
          cron: asString(schedule.cron),
          runAt: asString(schedule.runAt),
          timezone: typeof schedule.timezone === 'string' ? schedule.timezone : undefined,
        });
        for (const problem of problems) issue(at(problem.field), problem.code, problem.message);
      }
    }

    // Existing flows must be the caller's (one query for all references).
    if (existingFlowRefs.length > 0) {
      const ids = [...new Set(existingFlowRefs.map((ref) => ref.id.toLowerCase()))];
      const owned = new Set(
        (
          await this.prisma.flow.findMany({
            where: { tenantId: principal.tenantId, id: { in: ids } },
            select: { id: true },
          })
        ).map((flow) => flow.id.toLowerCase()),
      );
      for (const ref of existingFlowRefs) {
        if (!owned.has(ref.id.toLowerCase())) issue(ref.path, 'flow_not_found', 'Flow not found');
      }
    }
    return issues;
  }
}

function dedupe(issues: FpoIssue[]): FpoIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
