import { CronExpressionParser } from 'cron-parser';
import { AppError } from '../common/app-error';
import { isCadenceTrigger } from './schedule-types';

/** The trigger settings `nextRunAt` depends on. */
export interface NextRunInput {
  triggerType: string;
  cron: string | null;
  timezone: string;
  runAt: Date | null;
  enabled: boolean;
  /** A one-time schedule that already fired at or after `runAt` has nothing left to fire. */
  lastRunAt?: Date | null;
}

/**
 * When the schedule fires next, strictly after `now`; null when it will not fire by itself.
 *
 * - recurring / cron: the next cron instant after `now`, evaluated in `timezone`.
 *   DST (cron-parser's behaviour, pinned by the unit tests): a wall time that does not exist
 *   (spring forward, `30 2 * * *` in America/New_York on 2027-03-14) fires once that day, one
 *   gap later, at 03:30 local; a wall time that happens twice (fall back, `30 1 * * *` on
 *   2026-11-01) fires once, at the first (daylight-time) 01:30. Fixed-interval expressions
 *   (every hour, every five minutes) keep their period in real time.
 * - one_time: `runAt`, even when it is in the past: a past `runAt` is due and fires at the next
 *   scheduler tick (nothing is lost by creating it a second late). Null once the schedule has
 *   fired for it (`lastRunAt >= runAt`), so resuming a fired one-time schedule does not re-fire it.
 * - manual, or disabled: null.
 *
 * Throws a validation AppError (path `cron`) for a cadence trigger without a usable cron.
 */
export function computeNextRunAt(schedule: NextRunInput, now: Date): Date | null {
  if (!schedule.enabled) return null;
  if (isCadenceTrigger(schedule.triggerType)) {
    const { cron } = schedule;
    const problem = cron ? cronExpressionError(cron) : 'Required for a recurring schedule';
    if (problem !== null || !cron)
      throw AppError.validation('Invalid cron expression', [
        { path: 'cron', message: problem ?? 'Required' },
      ]);
    return nextCronAt(cron, schedule.timezone, now);
  }
  if (schedule.triggerType === 'one_time') {
    if (!schedule.runAt) return null;
    if (schedule.lastRunAt && schedule.lastRunAt >= schedule.runAt) return null;
    return schedule.runAt;
  }
  return null;
}

/** The first instant strictly after `after` matching the (valid, 5-field) cron in `timezone`. */
export function nextCronAt(cron: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: after }).next().toDate();
}

/**
 * Why `expression` is not a usable cron, or null. Five fields (minute hour day-of-month month
 * day-of-week) exactly: cron-parser would also take a seconds field, and `H` (hashed) values,
 * which fire at a random time.
 */
export function cronExpressionError(expression: string): string | null {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    const seconds = fields.length === 6 ? '; a seconds field is not supported' : '';
    return `Expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}${seconds}`;
  }
  if (fields.some((field) => field.split(',').some((part) => /^h/i.test(part))))
    return 'Hashed values (H) are not supported';
  try {
    // next() as well: some expressions parse but can never match (`0 0 30 2 *`).
    CronExpressionParser.parse(fields.join(' '), { tz: 'UTC' }).next();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'Invalid cron expression';
  }
}

/** An IANA zone name the runtime knows (`UTC`, `America/New_York`, …). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface TriggerProblem {
  field: 'cron' | 'runAt' | 'timezone';
  code: 'required' | 'invalid_cron' | 'invalid_timezone';
  message: string;
}

/**
 * The trigger rules shared by schedule create/update and FPO assembly: a cadence needs a valid
 * cron, `one_time` needs `runAt`, and the zone must be an IANA one. `triggerType` is assumed valid.
 */
export function triggerProblems(trigger: {
  triggerType: string | undefined;
  cron: string | null | undefined;
  runAt: unknown;
  timezone: string | null | undefined;
}): TriggerProblem[] {
  const problems: TriggerProblem[] = [];
  const { triggerType, cron, timezone } = trigger;
  if (triggerType !== undefined && isCadenceTrigger(triggerType) && !cron) {
    problems.push({ field: 'cron', code: 'required', message: `Required for a ${triggerType} schedule` });
  } else if (triggerType === 'one_time' && !trigger.runAt) {
    problems.push({ field: 'runAt', code: 'required', message: 'Required for a one_time schedule' });
  }
  if (cron) {
    const problem = cronExpressionError(cron);
    if (problem) problems.push({ field: 'cron', code: 'invalid_cron', message: problem });
  }
  if (typeof timezone === 'string' && !isValidTimeZone(timezone)) {
    problems.push({
      field: 'timezone',
      code: 'invalid_timezone',
      message: `Not an IANA time zone: ${timezone}`,
    });
  }
  return problems;
}
