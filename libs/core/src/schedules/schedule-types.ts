import { z } from 'zod';

/**
 * `recurring` and `cron` are synonyms (both seen in the docs, spec §1.2): stored and echoed as
 * sent. `one_time` fires once at `runAt`; `manual` only fires through run-now.
 */
export const TRIGGER_TYPES = ['recurring', 'cron', 'one_time', 'manual'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export function isCadenceTrigger(triggerType: string): triggerType is 'recurring' | 'cron' {
  return triggerType === 'recurring' || triggerType === 'cron';
}

/** An explicit record list is frozen into one batch: bounded like a batch submit. */
export const MAX_RECORD_IDS = 10_000;

export const DEFAULT_SCHEDULE_NAME = 'Untitled schedule';

/**
 * `executionOptions` (spec §1.8): names from the docs' examples, bounds ours. Stored as given;
 * the batch pipeline fills defaults when it runs.
 */
export const scheduleExecutionOptionsSchema = z.strictObject({
  chunkSize: z.number().int().min(1).max(5000).optional(),
  progressFlushSize: z.number().int().min(1).max(5000).optional(),
  recordConcurrency: z.number().int().min(1).max(100).optional(),
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  retryOnFailure: z.boolean().optional(),
});

export type ScheduleExecutionOptions = z.infer<typeof scheduleExecutionOptionsSchema>;
