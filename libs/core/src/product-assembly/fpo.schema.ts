import { z } from 'zod';
import { MAX_RECORD_IDS, scheduleExecutionOptionsSchema, TRIGGER_TYPES } from '../schedules/schedule-types';
import { recordFilterSchema } from '../schedules/record-filter';
import { ENVIRONMENTS, SURFACE_STATUSES, SURFACE_TYPES } from '../surfaces/surface-types';

/** Bounds of one FPO: a whole product is created in one transaction. */
export const FPO_LIMITS = {
  capabilities: 100,
  surfaces: 50,
  itemsPerSurface: 100,
  schedulesPerSurface: 50,
} as const;

const jsonObject = z.record(z.string(), z.unknown());
const fpoId = z.string().trim().min(1).max(255);
const uuid = z.guid('Invalid UUID').transform((value) => value.toLowerCase());

const inlineFlowSchema = z.strictObject({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(10_000).nullable().optional(),
  /** Checked step by step by the flow engine (paths `capabilities[i].flow.steps[j]…`). */
  steps: z.array(z.unknown()),
});

const capabilitySchema = z.strictObject({
  id: fpoId,
  name: z.string().trim().min(1).max(100),
  description: z.string().max(10_000).nullable().optional(),
  enabled: z.boolean().optional(),
  parametersSchema: z.unknown().optional(),
  flowId: uuid.optional(),
  flow: inlineFlowSchema.optional(),
  agentId: z.string().trim().min(1).max(255).optional(),
});

const surfaceItemSchema = z.strictObject({
  capabilityId: fpoId,
  exposedName: z.string().trim().max(100).nullable().optional(),
  exposedDescription: z.string().max(10_000).nullable().optional(),
  endpointSlug: z
    .string()
    .max(100)
    .regex(/^[a-z0-9-]+$/, 'Lowercase letters, digits and dashes only')
    .nullable()
    .optional(),
  isEntryPoint: z.boolean().optional(),
  enabled: z.boolean().optional(),
  config: jsonObject.nullable().optional(),
});

const scheduleSchema = z.strictObject({
  id: fpoId,
  name: z.string().trim().min(1).max(255).optional(),
  capabilityId: fpoId.optional(),
  flowId: uuid.optional(),
  recordType: z.string().trim().min(1).max(255).nullable().optional(),
  recordIds: z.array(z.string().min(1).max(255)).max(MAX_RECORD_IDS).nullable().optional(),
  recordFilter: recordFilterSchema.nullable().optional(),
  triggerType: z.enum(TRIGGER_TYPES),
  cron: z.string().trim().min(1).max(255).nullable().optional(),
  timezone: z.string().min(1).max(100).optional(),
  runAt: z.iso.datetime({ offset: true }).nullable().optional(),
  executionOptions: scheduleExecutionOptionsSchema.optional(),
  inputs: jsonObject.optional(),
});

const surfaceSchema = z.strictObject({
  id: fpoId,
  name: z.string().trim().min(1).max(255),
  type: z.enum(SURFACE_TYPES),
  environment: z.enum(ENVIRONMENTS).optional(),
  status: z.enum(SURFACE_STATUSES).optional(),
  config: z.unknown().optional(),
  behavior: z.unknown().optional(),
  items: z.array(surfaceItemSchema).max(FPO_LIMITS.itemsPerSurface).optional(),
  schedules: z.array(scheduleSchema).max(FPO_LIMITS.schedulesPerSurface).optional(),
});

/**
 * The Full Product Object (spec §4.3), strict at every level except the free-form JSON values
 * (`_meta`, `canvas`, `spec`, `config`, …). `tools` is accepted and ignored.
 */
export const fpoSchema = z.strictObject({
  _meta: jsonObject.optional(),
  version: z.union([z.string().max(100), z.number()]).optional(),
  product: z.strictObject({
    name: z.string().trim().min(1).max(255),
    description: z.string().max(10_000).nullable().optional(),
    icon: z.string().max(50).nullable().optional(),
    canvas: jsonObject.optional(),
    spec: jsonObject.optional(),
  }),
  capabilities: z.array(capabilitySchema).max(FPO_LIMITS.capabilities),
  surfaces: z.array(surfaceSchema).max(FPO_LIMITS.surfaces).optional(),
  tools: z.array(z.unknown()).optional().describe('Accepted and ignored (no tools resource yet)'),
});

export type Fpo = z.output<typeof fpoSchema>;
export type FpoCapability = Fpo['capabilities'][number];
export type FpoSurface = NonNullable<Fpo['surfaces']>[number];
export type FpoSchedule = NonNullable<FpoSurface['schedules']>[number];
