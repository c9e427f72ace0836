import type { ScheduleExecutionOptions } from '../schedules/schedule-types';

/** `executionOptions` of a schedule / `options` of a batch submit, as stored (all optional). */
export type ExecutionOptions = ScheduleExecutionOptions;

export type ResolvedExecutionOptions = Required<ExecutionOptions>;

/**
 * Defaults, frozen onto the batch when it fires. `timeoutMs` bounds one record's flow run
 * (each attempt); `maxRetries` counts attempts after the first and only applies when
 * `retryOnFailure` is not false.
 */
export const EXECUTION_DEFAULTS: ResolvedExecutionOptions = {
  chunkSize: 500,
  progressFlushSize: 250,
  recordConcurrency: 25,
  timeoutMs: 900_000,
  maxRetries: 0,
  retryOnFailure: true,
};

export function resolveExecutionOptions(
  options: ExecutionOptions | null | undefined,
): ResolvedExecutionOptions {
  const resolved = { ...EXECUTION_DEFAULTS };
  for (const key of Object.keys(EXECUTION_DEFAULTS) as (keyof ExecutionOptions)[]) {
    const value = options?.[key];
    if (value !== undefined && value !== null) (resolved as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/** Exponential backoff with full jitter: attempt 1 waits up to 250 ms, doubling, capped at 10 s. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(10_000, 250 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
