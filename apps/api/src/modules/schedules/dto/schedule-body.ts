import { z } from 'zod';
import {
  cronExpressionError,
  isValidTimeZone,
  MAX_RECORD_IDS,
  recordFilterSchema,
  scheduleExecutionOptionsSchema,
  TRIGGER_TYPES,
  type FieldIssue,
} from '@app/core';
import { jsonObject } from '../../../common/zod-dto';

const id = z.guid('Invalid UUID').transform((value) => value.toLowerCase());

const cron = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = cronExpressionError(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('5-field cron (minute hour day-of-month month day-of-week), evaluated in `timezone`');

const timezone = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (!isValidTimeZone(value)) ctx.addIssue({ code: 'custom', message: `Not an IANA time zone: ${value}` });
  })
  .describe('IANA time zone, default `UTC`');

const runAt = z.iso
  .datetime({ offset: true, error: 'Expected an ISO 8601 date-time with a time zone' })
  .transform((value) => new Date(value));

const targetFields = {
  flowId: id.nullable(),
  agentId: z.string().trim().min(1).max(255).nullable(),
  recordType: z.string().trim().min(1).max(255).nullable(),
  recordIds: z.array(z.guid('Invalid UUID')).max(MAX_RECORD_IDS).nullable().describe('De-duplicated'),
  recordFilter: recordFilterSchema.nullable(),
};

/** The flat fields of the returned Schedule object, plus `messages` (agent input). */
const flatFields = {
  name: z.string().trim().min(1).max(255).describe('Default `Untitled schedule`'),
  ...targetFields,
  triggerType: z.enum(TRIGGER_TYPES).describe('`cron` is a synonym of `recurring` (echoed as sent)'),
  cron: cron.nullable(),
  timezone,
  runAt: runAt.nullable().describe('When a one_time schedule fires'),
  enabled: z.boolean().describe('Default true; false = paused'),
  executionOptions: scheduleExecutionOptionsSchema,
  inputs: jsonObject.describe('Static inputs for each run'),
  messages: z.array(z.unknown()).nullable().describe('Agent input'),
};

const targetSchema = z
  .strictObject(targetFields)
  .partial()
  .describe('The whole target: fields left out are cleared');

const triggerSchema = z
  .strictObject({
    type: z.enum(TRIGGER_TYPES),
    cron: cron.optional(),
    timezone: timezone.optional(),
    runAt: runAt.optional(),
    run_at: runAt.optional(),
  })
  .describe('The whole trigger: fields left out are cleared (timezone back to UTC)');

const rawBodySchema = z
  .strictObject({ ...flatFields, target: targetSchema, trigger: triggerSchema })
  .partial();

/** A parsed body in either form (spec §4.26 flat, spec §5.2/§8.1 nested), before normalization. */
export type ScheduleBody = z.output<typeof rawBodySchema>;
/** The flat form every body is normalized to. */
export type FlatScheduleBody = Omit<ScheduleBody, 'target' | 'trigger'>;

const TARGET_KEYS = ['flowId', 'agentId', 'recordType', 'recordIds'] as const;
const TRIGGER_KEYS = ['triggerType', 'cron', 'timezone', 'runAt'] as const;

/**
 * A nested part and its own flat fields in one body would say the same thing twice. The one
 * exception is spec §8.1's "`target.recordFilter` (or top-level `recordFilter`)": a top-level
 * `recordFilter` may complete a `target` that has none.
 */
export function nestedConflicts(body: ScheduleBody): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const conflict = (key: string, part: string) =>
    issues.push({ path: key, message: `Cannot be combined with \`${part}\`: give it inside \`${part}\`` });
  if (body.target) {
    for (const key of TARGET_KEYS) if (body[key] !== undefined) conflict(key, 'target');
    if (body.recordFilter !== undefined && body.target.recordFilter !== undefined)
      conflict('recordFilter', 'target');
  }
  if (body.trigger) {
    for (const key of TRIGGER_KEYS) if (body[key] !== undefined) conflict(key, 'trigger');
    if (body.trigger.runAt !== undefined && body.trigger.run_at !== undefined)
      issues.push({ path: 'trigger.run_at', message: 'Give either `runAt` or `run_at`, not both' });
  }
  return issues;
}

/**
 * Nested → flat (spec §8.1). A nested part stands for the whole of it, so on update it replaces
 * every field it covers: `target: {agentId}` clears `flowId` and the record source, `trigger`
 * without `timezone` means UTC. Flat fields are partial as given.
 */
export function normalizeScheduleBody(body: ScheduleBody): FlatScheduleBody {
  const { target, trigger, ...flat } = body;
  const normalized: FlatScheduleBody = { ...flat };
  if (target) {
    normalized.flowId = target.flowId ?? null;
    normalized.agentId = target.agentId ?? null;
    normalized.recordType = target.recordType ?? null;
    normalized.recordIds = target.recordIds ?? null;
    normalized.recordFilter = target.recordFilter ?? flat.recordFilter ?? null;
  }
  if (trigger) {
    normalized.triggerType = trigger.type;
    normalized.cron = trigger.cron ?? null;
    normalized.timezone = trigger.timezone ?? 'UTC';
    normalized.runAt = trigger.runAt ?? trigger.run_at ?? null;
  }
  return normalized;
}

/** Create and update bodies: flat or nested, normalized to flat. */
export const scheduleBodySchema = rawBodySchema
  .superRefine((body, ctx) => {
    for (const issue of nestedConflicts(body))
      ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
  })
  .transform(normalizeScheduleBody);
