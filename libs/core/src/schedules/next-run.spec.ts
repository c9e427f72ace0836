import { AppError } from '../common/app-error';
import {
  computeNextRunAt,
  cronExpressionError,
  isValidTimeZone,
  nextCronAt,
  type NextRunInput,
} from './next-run';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

const recurring = (cron: string, timezone = 'UTC', extra: Partial<NextRunInput> = {}): NextRunInput => ({
  triggerType: 'recurring',
  cron,
  timezone,
  runAt: null,
  enabled: true,
  ...extra,
});

/** The next `count` fires after `from`, each computed from the previous one as the scheduler does. */
function fires(schedule: NextRunInput, from: string, count: number): string[] {
  const out: string[] = [];
  let now = at(from);
  for (let i = 0; i < count; i++) {
    now = computeNextRunAt(schedule, now) as Date;
    out.push(now.toISOString());
  }
  return out;
}

describe('computeNextRunAt', () => {
  describe('recurring', () => {
    it('is the next cron instant strictly after now, in UTC by default', () => {
      // Friday 10:00 UTC → Monday 09:00 for a weekday-morning schedule.
      expect(iso(computeNextRunAt(recurring('0 9 * * 1-5'), at('2026-06-05T10:00:00Z')))).toBe(
        '2026-06-08T09:00:00.000Z',
      );
      expect(iso(computeNextRunAt(recurring('0 9 * * *'), at('2026-06-05T09:00:00Z')))).toBe(
        '2026-06-06T09:00:00.000Z',
      );
      expect(iso(computeNextRunAt(recurring('*/5 * * * *'), at('2026-06-05T09:00:00.001Z')))).toBe(
        '2026-06-05T09:05:00.000Z',
      );
    });

    it('evaluates the cron in the schedule’s time zone', () => {
      const now = at('2026-06-10T13:00:00Z'); // 09:00 in New York (EDT), 22:00 in Tokyo
      expect(iso(computeNextRunAt(recurring('0 8 * * *', 'America/New_York'), now))).toBe(
        '2026-06-11T12:00:00.000Z',
      );
      expect(iso(computeNextRunAt(recurring('0 8 * * *', 'Asia/Tokyo'), now))).toBe(
        '2026-06-10T23:00:00.000Z',
      );
      expect(iso(computeNextRunAt(recurring('0 9 * * *', 'Asia/Kolkata'), at('2026-01-01T00:00:00Z')))).toBe(
        '2026-01-01T03:30:00.000Z',
      );
      // Winter: New York is UTC-5.
      expect(
        iso(computeNextRunAt(recurring('0 8 * * *', 'America/New_York'), at('2026-01-10T00:00:00Z'))),
      ).toBe('2026-01-10T13:00:00.000Z');
    });

    it('treats `cron` as a synonym of `recurring`', () => {
      const now = at('2026-06-10T13:00:00Z');
      expect(
        computeNextRunAt({ ...recurring('0 8 * * *', 'Europe/Paris'), triggerType: 'cron' }, now),
      ).toEqual(computeNextRunAt(recurring('0 8 * * *', 'Europe/Paris'), now));
    });

    it('spring forward: a wall time that does not exist fires once, one gap later (03:30 EDT)', () => {
      // 2027-03-14 02:00 EST → 03:00 EDT in New York: 02:30 does not exist that day.
      expect(fires(recurring('30 2 * * *', 'America/New_York'), '2027-03-13T12:00:00Z', 3)).toEqual([
        '2027-03-14T07:30:00.000Z', // 03:30 EDT
        '2027-03-15T06:30:00.000Z', // 02:30 EDT
        '2027-03-16T06:30:00.000Z',
      ]);
      // Hourly keeps one fire per real hour: 01:00 EST, then 03:00 EDT.
      expect(fires(recurring('0 * * * *', 'America/New_York'), '2027-03-14T05:30:00Z', 3)).toEqual([
        '2027-03-14T06:00:00.000Z',
        '2027-03-14T07:00:00.000Z',
        '2027-03-14T08:00:00.000Z',
      ]);
    });

    it('fall back: a wall time that happens twice fires once, at the first (EDT) occurrence', () => {
      // 2026-11-01 02:00 EDT → 01:00 EST in New York: 01:30 happens twice.
      expect(fires(recurring('30 1 * * *', 'America/New_York'), '2026-10-31T12:00:00Z', 3)).toEqual([
        '2026-11-01T05:30:00.000Z', // 01:30 EDT
        '2026-11-02T06:30:00.000Z', // 01:30 EST, next day: the second 01:30 of Nov 1 is skipped
        '2026-11-03T06:30:00.000Z',
      ]);
      // Hourly fires in both 01:00 hours: the period stays one real hour.
      expect(fires(recurring('0 * * * *', 'America/New_York'), '2026-11-01T04:30:00Z', 3)).toEqual([
        '2026-11-01T05:00:00.000Z', // 01:00 EDT
        '2026-11-01T06:00:00.000Z', // 01:00 EST
        '2026-11-01T07:00:00.000Z', // 02:00 EST
      ]);
    });

    it('throws a validation error (path cron) without a usable cron', () => {
      for (const cron of [null, '', 'every day', '0 0 9 * * *']) {
        const run = () => computeNextRunAt(recurring(cron as string), at('2026-01-01T00:00:00Z'));
        expect(run).toThrow(AppError);
        try {
          run();
        } catch (error) {
          expect((error as AppError).details).toEqual([{ path: 'cron', message: expect.any(String) }]);
        }
      }
    });
  });

  describe('one_time', () => {
    const oneTime = (runAt: string | null, extra: Partial<NextRunInput> = {}): NextRunInput => ({
      triggerType: 'one_time',
      cron: null,
      timezone: 'UTC',
      runAt: runAt ? at(runAt) : null,
      enabled: true,
      ...extra,
    });

    it('is runAt, future or past (a past runAt is due at the next tick)', () => {
      const now = at('2026-06-10T12:00:00Z');
      expect(iso(computeNextRunAt(oneTime('2026-07-01T09:00:00Z'), now))).toBe('2026-07-01T09:00:00.000Z');
      expect(iso(computeNextRunAt(oneTime('2026-06-01T09:00:00Z'), now))).toBe('2026-06-01T09:00:00.000Z');
    });

    it('is null once the schedule fired for that runAt, or without runAt', () => {
      const now = at('2026-06-10T12:00:00Z');
      expect(
        computeNextRunAt(oneTime('2026-06-01T09:00:00Z', { lastRunAt: at('2026-06-01T09:00:01Z') }), now),
      ).toBeNull();
      expect(
        iso(
          computeNextRunAt(oneTime('2026-07-01T09:00:00Z', { lastRunAt: at('2026-06-01T09:00:00Z') }), now),
        ),
      ).toBe('2026-07-01T09:00:00.000Z');
      expect(computeNextRunAt(oneTime(null), now)).toBeNull();
    });

    it('ignores cron and timezone', () => {
      const schedule = oneTime('2026-07-01T09:00:00Z', { cron: '* * * * *', timezone: 'Asia/Tokyo' });
      expect(iso(computeNextRunAt(schedule, at('2026-06-10T12:00:00Z')))).toBe('2026-07-01T09:00:00.000Z');
    });
  });

  it('is null for manual schedules', () => {
    const manual: NextRunInput = {
      triggerType: 'manual',
      cron: '* * * * *',
      timezone: 'UTC',
      runAt: null,
      enabled: true,
    };
    expect(computeNextRunAt(manual, at('2026-06-10T12:00:00Z'))).toBeNull();
  });

  it('is null for disabled schedules of every kind', () => {
    const now = at('2026-06-10T12:00:00Z');
    expect(computeNextRunAt(recurring('* * * * *', 'UTC', { enabled: false }), now)).toBeNull();
    expect(
      computeNextRunAt(
        {
          triggerType: 'one_time',
          cron: null,
          timezone: 'UTC',
          runAt: at('2026-07-01T00:00:00Z'),
          enabled: false,
        },
        now,
      ),
    ).toBeNull();
    // Even an unusable cron does not matter while disabled.
    expect(computeNextRunAt(recurring('nope', 'UTC', { enabled: false }), now)).toBeNull();
  });
});

describe('nextCronAt', () => {
  it('is strictly after the given instant', () => {
    expect(nextCronAt('0 12 * * *', 'UTC', at('2026-01-01T12:00:00Z')).toISOString()).toBe(
      '2026-01-02T12:00:00.000Z',
    );
  });
});

describe('cronExpressionError', () => {
  it('accepts 5-field expressions (ranges, steps, lists, names, extra spaces)', () => {
    for (const cron of [
      '* * * * *',
      '*/5 * * * *',
      '0 8 * * 1-5',
      '0 9 * * MON-FRI',
      '0,30 8-18 1 JAN,JUL *',
      ' 0  9 * * 7 ',
    ])
      expect({ cron, error: cronExpressionError(cron) }).toEqual({ cron, error: null });
  });

  it('says why an expression is rejected', () => {
    expect(cronExpressionError('0 0 9 * * *')).toBe(
      'Expected 5 fields (minute hour day-of-month month day-of-week), got 6; a seconds field is not supported',
    );
    expect(cronExpressionError('* * *')).toMatch(/got 3$/);
    expect(cronExpressionError('@daily')).toMatch(/got 1$/);
    expect(cronExpressionError('')).toMatch(/got 0$/);
    expect(cronExpressionError('61 * * * *')).toMatch(/61/);
    expect(cronExpressionError('a b c d e')).toMatch(/Invalid characters/);
    expect(cronExpressionError('0 0 30 2 *')).toMatch(/day of month/);
    expect(cronExpressionError('H 9 * * *')).toBe('Hashed values (H) are not supported');
    expect(cronExpressionError('*/0 * * * *')).not.toBeNull();
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA zones only', () => {
    for (const zone of ['UTC', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Etc/GMT+5'])
      expect({ zone, valid: isValidTimeZone(zone) }).toEqual({ zone, valid: true });
    for (const zone of ['', 'Mars/Olympus_Mons', '+05:00', 'UTC+5', 'New York'])
      expect({ zone, valid: isValidTimeZone(zone) }).toEqual({ zone, valid: false });
  });
});
