import type { RecordMetadata, RecordWriter, TemplateScope } from './flow.types';
import { UpdateRecordStepExecutor } from './update-record-step.executor';

/** Stands in for the worker's repository-backed writer: a shallow top-level merge. */
class InMemoryRecordWriter implements RecordWriter {
  readonly calls: Array<{ recordId: string; patch: RecordMetadata }> = [];

  constructor(private readonly records: Map<string, RecordMetadata>) {}

  async mergeMetadata(recordId: string, patch: RecordMetadata): Promise<RecordMetadata> {
    this.calls.push({ recordId, patch });
    const merged = { ...(this.records.get(recordId) ?? {}), ...patch };
    this.records.set(recordId, merged);
    return merged;
  }
}

describe('UpdateRecordStepExecutor', () => {
  const executor = new UpdateRecordStepExecutor();
  const scopeFor = (): TemplateScope => ({
    _record: { id: 'r1', name: 'Acme', type: 'company', metadata: { tier: 'gold', score: 1 } },
    inputs: { source: 'crm' },
    steps: { score: { output: { value: 87, details: { model: 'v2' } } } },
  });

  it('merges the rendered patch through the writer and exposes the result to later steps', async () => {
    const writer = new InMemoryRecordWriter(new Map([['r1', { tier: 'gold', score: 1 }]]));
    const scope = scopeFor();
    const output = await executor.execute(
      {
        metadata: {
          score: '{{steps.score.output.value}}',
          scoring: '{{steps.score.output.details}}',
          note: 'via {{inputs.source}}',
        },
      },
      { scope, signal: new AbortController().signal, recordWriter: writer },
    );
    const expected = { tier: 'gold', score: 87, scoring: { model: 'v2' }, note: 'via crm' };
    expect(output).toEqual(expected);
    expect(scope._record.metadata).toEqual(expected);
    expect(writer.calls).toEqual([
      { recordId: 'r1', patch: { score: 87, scoring: { model: 'v2' }, note: 'via crm' } },
    ]);
  });

  it('fails clearly without a RecordWriter', async () => {
    await expect(
      executor.execute({ metadata: { a: 1 } }, { scope: scopeFor(), signal: new AbortController().signal }),
    ).rejects.toThrow('update-record step needs a RecordWriter, but none was passed to the run');
  });

  it('requires metadata to be an object', () => {
    expect(executor.configSchema.safeParse({ metadata: ['x'] }).success).toBe(false);
    expect(executor.configSchema.safeParse({}).success).toBe(false);
  });
});
