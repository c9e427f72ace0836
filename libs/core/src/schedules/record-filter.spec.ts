import { RECORD_FILTER_MAX_DEPTH, recordFilterSchema, type RecordFilterWhere } from './record-filter';

function issues(value: unknown): Array<{ path: string; message: string }> {
  const result = recordFilterSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

const nest = (depth: number): RecordFilterWhere =>
  depth === 1 ? { field: 'name', op: 'eq', value: 'x' } : { and: [nest(depth - 1)] };

describe('recordFilterSchema', () => {
  it('accepts a condition, and nested and/or groups', () => {
    const filter = {
      type: 'company',
      where: {
        and: [
          { field: 'owner_key', op: 'eq', value: 'alice' },
          {
            or: [
              { field: 'tier', op: 'in', value: ['gold', 'silver'] },
              { field: 'name', op: 'contains', value: 'Acme' },
              { field: 'employees', op: 'gte', value: 100 },
              { field: 'createdAt', op: 'lt', value: '2026-01-01T00:00:00Z' },
              { field: 'churned', op: 'exists', value: false },
              { field: 'archived', op: 'exists' },
              { field: 'parent', op: 'neq', value: null },
            ],
          },
        ],
      },
    };
    expect(recordFilterSchema.parse(filter)).toEqual(filter);
  });

  it('accepts every operator', () => {
    for (const [op, value] of [
      ['eq', true],
      ['neq', 1],
      ['in', [1, 'a', null]],
      ['contains', 'x'],
      ['gt', 1],
      ['gte', 'b'],
      ['lt', 2],
      ['lte', 'c'],
      ['exists', true],
    ] as const) {
      expect({ op, issues: issues({ type: 't', where: { field: 'f', op, value } }) }).toEqual({
        op,
        issues: [],
      });
    }
  });

  it('names the bad key of a condition', () => {
    expect(issues({ type: 'company', where: { field: 'name', op: 'like', value: 'x' } })).toEqual([
      { path: 'where.op', message: expect.stringContaining('expected one of "eq"|"neq"|"in"') },
    ]);
    expect(issues({ type: 'company', where: { and: [{ op: 'eq', value: 1 }] } })).toEqual([
      { path: 'where.and.0.field', message: 'Required (or an `and`/`or` group)' },
    ]);
    expect(issues({ type: 'company', where: { field: 'name', value: 1 } })).toEqual([
      { path: 'where.op', message: 'Required (or an `and`/`or` group)' },
    ]);
    expect(issues({ type: 'company', where: { field: '', op: 'eq', value: 1 } })).toEqual([
      { path: 'where.field', message: expect.any(String) },
    ]);
  });

  it('checks the value against the operator', () => {
    const valueIssue = (op: string, value: unknown) =>
      issues({ type: 't', where: { field: 'f', op, value } });
    expect(valueIssue('in', [])).toEqual([
      { path: 'where.value', message: expect.stringMatching(/^`in` needs an array/) },
    ]);
    expect(valueIssue('in', 'gold')).toEqual([{ path: 'where.value', message: expect.any(String) }]);
    expect(valueIssue('contains', 3)).toEqual([
      { path: 'where.value', message: '`contains` needs a string' },
    ]);
    expect(valueIssue('gt', { a: 1 })).toEqual([
      { path: 'where.value', message: '`gt` needs a string or a number' },
    ]);
    expect(valueIssue('eq', [1])).toEqual([{ path: 'where.value', message: expect.any(String) }]);
    expect(valueIssue('eq', undefined)).toEqual([{ path: 'where.value', message: expect.any(String) }]);
    expect(valueIssue('exists', 'yes')).toEqual([{ path: 'where.value', message: expect.any(String) }]);
  });

  it('rejects unknown keys, mixed and malformed groups', () => {
    expect(issues({ type: 't', where: { field: 'f', op: 'eq', value: 1, not: true } })).toEqual([
      { path: 'where', message: expect.stringContaining('"not"') },
    ]);
    expect(issues({ type: 't', where: { and: [nest(1)], or: [nest(1)] } })).toEqual([
      { path: 'where.or', message: 'A group is either `and` or `or`, not both' },
    ]);
    expect(issues({ type: 't', where: { and: [nest(1)], field: 'x' } })).toEqual([
      { path: 'where.field', message: 'Not allowed in an and/or group' },
    ]);
    expect(issues({ type: 't', where: { or: [] } })).toEqual([
      { path: 'where.or', message: expect.any(String) },
    ]);
    expect(issues({ type: 't', where: { and: 'x' } })).toEqual([
      { path: 'where.and', message: expect.any(String) },
    ]);
    expect(issues({ type: 't', where: nest(1), extra: 1 })).toEqual([
      { path: '', message: expect.stringContaining('"extra"') },
    ]);
  });

  it('requires a type and a where', () => {
    expect(issues({ where: nest(1) })).toEqual([{ path: 'type', message: expect.any(String) }]);
    expect(issues({ type: 't' })).toEqual([{ path: 'where', message: expect.any(String) }]);
    expect(issues('company')).toEqual([{ path: '', message: expect.any(String) }]);
  });

  it(`nests groups at most ${RECORD_FILTER_MAX_DEPTH} levels deep`, () => {
    expect(issues({ type: 't', where: nest(RECORD_FILTER_MAX_DEPTH) })).toEqual([]);
    expect(issues({ type: 't', where: nest(RECORD_FILTER_MAX_DEPTH + 1) })).toEqual([
      { path: 'where', message: `Groups nest at most ${RECORD_FILTER_MAX_DEPTH} levels deep` },
    ]);
  });
});
