import {
  nestedConflicts,
  normalizeScheduleBody,
  scheduleBodySchema,
  type ScheduleBody,
} from './schedule-body';

const FLOW = '01936d5e-0000-7000-8000-000000000001';
const RECORD = '01936d5e-0000-7000-8000-0000000000aa';

function issues(body: unknown): Array<{ path: string; message: string }> {
  const result = scheduleBodySchema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('normalizeScheduleBody', () => {
  it('flattens the documented nested example (spec §5.2)', () => {
    const body: ScheduleBody = {
      executionOptions: { chunkSize: 200, progressFlushSize: 25, recordConcurrency: 25, timeoutMs: 900000 },
      target: { flowId: FLOW, recordType: 'company' },
      trigger: { cron: '*/5 * * * *', timezone: 'America/Los_Angeles', type: 'recurring' },
    };
    expect(normalizeScheduleBody(body)).toEqual({
      executionOptions: { chunkSize: 200, progressFlushSize: 25, recordConcurrency: 25, timeoutMs: 900000 },
      flowId: FLOW,
      agentId: null,
      recordType: 'company',
      recordIds: null,
      recordFilter: null,
      triggerType: 'recurring',
      cron: '*/5 * * * *',
      timezone: 'America/Los_Angeles',
      runAt: null,
    });
  });

  it('treats a nested part as the whole part: what it leaves out is cleared', () => {
    expect(normalizeScheduleBody({ target: { agentId: 'agent_1' } })).toEqual({
      flowId: null,
      agentId: 'agent_1',
      recordType: null,
      recordIds: null,
      recordFilter: null,
    });
    const runAt = new Date('2026-07-01T09:00:00Z');
    expect(normalizeScheduleBody({ trigger: { type: 'one_time', run_at: runAt } })).toEqual({
      triggerType: 'one_time',
      cron: null,
      timezone: 'UTC',
      runAt,
    });
    expect(normalizeScheduleBody({ trigger: { type: 'one_time', runAt } }).runAt).toBe(runAt);
  });

  it('lets a top-level recordFilter complete a target that has none (spec §8.1)', () => {
    const recordFilter = { type: 'company', where: { field: 'tier', op: 'eq' as const, value: 'gold' } };
    expect(normalizeScheduleBody({ target: { flowId: FLOW }, recordFilter })).toMatchObject({
      flowId: FLOW,
      recordFilter,
    });
  });

  it('passes flat bodies through, leaving absent fields absent (partial update)', () => {
    expect(normalizeScheduleBody({ name: 'Nightly', cron: '0 2 * * *' })).toEqual({
      name: 'Nightly',
      cron: '0 2 * * *',
    });
    expect(normalizeScheduleBody({})).toEqual({});
  });
});

describe('nestedConflicts', () => {
  it('rejects a nested part next to its own flat fields, one issue per field', () => {
    expect(
      nestedConflicts({ target: { flowId: FLOW }, flowId: FLOW, recordIds: [RECORD], name: 'ok' }),
    ).toEqual([
      { path: 'flowId', message: 'Cannot be combined with `target`: give it inside `target`' },
      { path: 'recordIds', message: 'Cannot be combined with `target`: give it inside `target`' },
    ]);
    expect(
      nestedConflicts({
        trigger: { type: 'recurring', cron: '* * * * *' },
        timezone: 'UTC',
        triggerType: 'cron',
      }),
    ).toEqual([
      { path: 'triggerType', message: 'Cannot be combined with `trigger`: give it inside `trigger`' },
      { path: 'timezone', message: 'Cannot be combined with `trigger`: give it inside `trigger`' },
    ]);
  });

  it('rejects two record filters and two run times', () => {
    const recordFilter = { type: 'company', where: { field: 'tier', op: 'eq' as const, value: 'gold' } };
    expect(nestedConflicts({ target: { flowId: FLOW, recordFilter }, recordFilter })).toEqual([
      { path: 'recordFilter', message: expect.any(String) },
    ]);
    const at = new Date();
    expect(nestedConflicts({ trigger: { type: 'one_time', runAt: at, run_at: at } })).toEqual([
      { path: 'trigger.run_at', message: 'Give either `runAt` or `run_at`, not both' },
    ]);
  });

  it('finds nothing in a flat body, or a nested one with unrelated flat fields', () => {
    expect(nestedConflicts({ flowId: FLOW, triggerType: 'manual' })).toEqual([]);
    expect(
      nestedConflicts({
        target: { flowId: FLOW },
        trigger: { type: 'manual' },
        name: 'n',
        enabled: false,
        inputs: {},
      }),
    ).toEqual([]);
  });
});

describe('scheduleBodySchema', () => {
  it('parses, coerces and normalizes', () => {
    const parsed = scheduleBodySchema.parse({
      name: '  Nightly  ',
      target: { flowId: FLOW.toUpperCase(), recordIds: [RECORD, RECORD] },
      trigger: { type: 'one_time', run_at: '2026-07-01T11:00:00+02:00' },
    });
    expect(parsed).toEqual({
      name: 'Nightly',
      flowId: FLOW,
      agentId: null,
      recordType: null,
      recordIds: [RECORD, RECORD], // de-duplicated by the service
      recordFilter: null,
      triggerType: 'one_time',
      cron: null,
      timezone: 'UTC',
      runAt: new Date('2026-07-01T09:00:00Z'),
    });
  });

  it('reports mixing at the flat field', () => {
    expect(issues({ target: { flowId: FLOW }, flowId: FLOW })).toEqual([
      { path: 'flowId', message: 'Cannot be combined with `target`: give it inside `target`' },
    ]);
  });

  it('reports field problems at their path in the body as sent', () => {
    expect(issues({ cron: '0 0 9 * * *' })).toEqual([
      { path: 'cron', message: expect.stringContaining('got 6') },
    ]);
    expect(issues({ trigger: { type: 'recurring', cron: 'nope' } })).toEqual([
      { path: 'trigger.cron', message: expect.stringContaining('got 1') },
    ]);
    expect(issues({ trigger: { type: 'recurring', timezone: 'Mars/Base' } })).toEqual([
      { path: 'trigger.timezone', message: 'Not an IANA time zone: Mars/Base' },
    ]);
    expect(issues({ trigger: { cron: '* * * * *' } })).toEqual([
      { path: 'trigger.type', message: expect.any(String) },
    ]);
    expect(issues({ triggerType: 'weekly' })).toEqual([{ path: 'triggerType', message: expect.any(String) }]);
    expect(issues({ runAt: '2026-07-01 09:00' })).toEqual([
      { path: 'runAt', message: 'Expected an ISO 8601 date-time with a time zone' },
    ]);
    expect(issues({ recordIds: [RECORD, 'rec_1'] })).toEqual([
      { path: 'recordIds.1', message: 'Invalid UUID' },
    ]);
    expect(issues({ target: { flowId: 'flow_1' } })).toEqual([
      { path: 'target.flowId', message: 'Invalid UUID' },
    ]);
    expect(issues({ executionOptions: { chunkSize: 0, turbo: true } })).toEqual([
      { path: 'executionOptions.chunkSize', message: expect.any(String) },
      { path: 'executionOptions', message: expect.stringContaining('"turbo"') },
    ]);
    expect(
      issues({ recordFilter: { type: 'company', where: { field: 'tier', op: 'like', value: 'x' } } }),
    ).toEqual([{ path: 'recordFilter.where.op', message: expect.any(String) }]);
    expect(issues({ target: { flowId: FLOW, extra: 1 } })).toEqual([
      { path: 'target', message: expect.stringContaining('"extra"') },
    ]);
    expect(issues({ inputs: [] })).toEqual([{ path: 'inputs', message: expect.any(String) }]);
  });

  it('bounds executionOptions', () => {
    expect(
      issues({
        executionOptions: {
          chunkSize: 5000,
          progressFlushSize: 1,
          recordConcurrency: 100,
          timeoutMs: 100,
          maxRetries: 0,
          retryOnFailure: false,
        },
      }),
    ).toEqual([]);
    for (const [key, value] of [
      ['chunkSize', 5001],
      ['progressFlushSize', 0],
      ['recordConcurrency', 101],
      ['timeoutMs', 99],
      ['timeoutMs', 3_600_001],
      ['maxRetries', 11],
      ['maxRetries', 1.5],
      ['retryOnFailure', 'yes'],
    ] as const) {
      expect(issues({ executionOptions: { [key]: value } })).toEqual([
        { path: `executionOptions.${key}`, message: expect.any(String) },
      ]);
    }
  });
});
