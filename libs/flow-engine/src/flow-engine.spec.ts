import { z } from 'zod';
import { FlowEngine } from './flow-engine';
import type { FlowDefinition, FlowRecord, FlowStep, RecordMetadata, RecordWriter } from './flow.types';
import { createDefaultFlowEngine, runFlow } from './run-flow';
import type { StepExecutor } from './step-executor.interface';
import { StepExecutorRegistry } from './step-executor.registry';
import { startTestHttpServer, type TestHttpServer } from './testing/test-http-server';
import { TransformStepExecutor } from './transform-step.executor';

class InMemoryRecordWriter implements RecordWriter {
  constructor(readonly metadata: Map<string, RecordMetadata>) {}

  async mergeMetadata(recordId: string, patch: RecordMetadata): Promise<RecordMetadata> {
    const merged = { ...(this.metadata.get(recordId) ?? {}), ...patch };
    this.metadata.set(recordId, merged);
    return merged;
  }
}

/** A step type that never settles and ignores its signal: the engine must not wait for it. */
class StuckStepExecutor implements StepExecutor<Record<string, never>> {
  readonly type = 'stuck';
  readonly configSchema = z.object({});
  private markStarted!: () => void;
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  execute(): Promise<unknown> {
    this.markStarted();
    return new Promise(() => undefined);
  }
}

const record: FlowRecord = {
  id: 'rec-1',
  name: 'Acme',
  type: 'company',
  metadata: { domain: 'acme.test', employees: 42 },
};
const flowOf = (...steps: FlowStep[]): FlowDefinition => ({ id: 'flow-1', name: 'Test flow', steps });
const signal = () => new AbortController().signal;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('FlowEngine', () => {
  const engine = createDefaultFlowEngine();
  let server: TestHttpServer;

  beforeAll(async () => {
    server = await startTestHttpServer();
  });
  afterAll(() => server.close());

  describe('validateSteps', () => {
    const issuesOf = (steps: unknown) => {
      const result = engine.validateSteps(steps);
      return result.ok ? [] : result.issues;
    };

    it('accepts a valid flow', () => {
      expect(
        engine.validateSteps([
          { name: 'fetch', type: 'http', config: { url: 'https://api.test/companies/{{_record.id}}' } },
          {
            name: 'shape',
            type: 'transform',
            config: { template: { id: '{{steps.fetch.output.body.id}}' } },
          },
          {
            name: 'save',
            type: 'update-record',
            config: { metadata: { enriched: '{{steps.shape.output}}' } },
          },
        ]),
      ).toEqual({ ok: true });
    });

    it('requires a non-empty array of steps', () => {
      expect(issuesOf(undefined)).toEqual([{ path: ['steps'], message: 'steps must be an array' }]);
      expect(issuesOf([])).toEqual([{ path: ['steps'], message: 'a flow needs at least one step' }]);
    });

    it('reports unknown types and bad configs with exact paths', () => {
      const issues = issuesOf([
        { name: 'fetch', type: 'http', config: { url: 'not a url', timeoutMs: 0 } },
        { name: 'shape', type: 'transform', config: {} },
        { name: 'mystery', type: 'teleport', config: {} },
        'not a step',
        { name: 'save', type: 'update-record' },
      ]);
      expect(issues.map((issue) => issue.path)).toEqual([
        ['steps', 0, 'config', 'url'],
        ['steps', 0, 'config', 'timeoutMs'],
        ['steps', 1, 'config', 'template'],
        ['steps', 2, 'type'],
        ['steps', 3],
        ['steps', 4, 'config'],
      ]);
      expect(issues[3].message).toBe("unknown step type 'teleport' (known: transform, http, update-record)");
    });

    it('rejects empty, duplicate and unreferenceable step names', () => {
      const config = { template: 1 };
      const issues = issuesOf([
        { name: 'a', type: 'transform', config },
        { name: '  ', type: 'transform', config },
        { name: 'a', type: 'transform', config },
        { name: 'b.c', type: 'transform', config },
        { name: '__proto__', type: 'transform', config },
        { type: 'transform', config },
      ]);
      expect(issues).toEqual([
        { path: ['steps', 1, 'name'], message: 'name must be a non-empty string' },
        { path: ['steps', 2, 'name'], message: "duplicate step name 'a' (already used by step 0)" },
        { path: ['steps', 3, 'name'], message: expect.stringContaining('cannot be referenced') },
        { path: ['steps', 4, 'name'], message: expect.stringContaining('cannot be referenced') },
        { path: ['steps', 5, 'name'], message: 'name must be a non-empty string' },
      ]);
    });

    it('rejects template references to unknown roots and to steps that have not run yet', () => {
      const issues = issuesOf([
        {
          name: 'first',
          type: 'transform',
          config: {
            template: { a: '{{record.name}}', b: ['{{steps.later.output}}'], c: '{{steps.first.output}}' },
          },
        },
        { name: 'later', type: 'transform', config: { template: '{{steps.first.output}} {{inputs.x}}' } },
      ]);
      expect(issues).toEqual([
        {
          path: ['steps', 0, 'config', 'template', 'a'],
          message: expect.stringContaining('{{record.name}}'),
        },
        { path: ['steps', 0, 'config', 'template', 'b', 0], message: expect.stringContaining("'later'") },
        { path: ['steps', 0, 'config', 'template', 'c'], message: expect.stringContaining("'first'") },
      ]);
    });
  });

  describe('run', () => {
    it('runs steps in order, passing outputs through steps.<name>.output', async () => {
      const writer = new InMemoryRecordWriter(new Map([[record.id, { ...record.metadata }]]));
      const flow = flowOf(
        { name: 'fetch', type: 'http', config: { url: '{{inputs.base}}/json' } },
        {
          name: 'shape',
          type: 'transform',
          config: {
            template: {
              firstId: '{{steps.fetch.output.body.items.0.id}}',
              size: '{{_record.metadata.employees}}',
            },
          },
        },
        {
          name: 'save',
          type: 'update-record',
          config: { metadata: { enrichment: '{{steps.shape.output}}' } },
        },
        {
          name: 'summary',
          type: 'transform',
          config: { template: '{{_record.name}}: {{_record.metadata.enrichment.firstId}}' },
        },
      );

      const result = await engine.run(
        flow,
        record,
        { base: server.baseUrl },
        { signal: signal(), recordWriter: writer },
      );

      expect(result).toMatchObject({ status: 'completed', output: 'Acme: a1' });
      expect(result.error).toBeUndefined();
      expect(result.steps.map(({ name, type, order, status }) => ({ name, type, order, status }))).toEqual([
        { name: 'fetch', type: 'http', order: 0, status: 'completed' },
        { name: 'shape', type: 'transform', order: 1, status: 'completed' },
        { name: 'save', type: 'update-record', order: 2, status: 'completed' },
        { name: 'summary', type: 'transform', order: 3, status: 'completed' },
      ]);
      expect(result.steps[1].output).toEqual({ firstId: 'a1', size: 42 });
      expect(writer.metadata.get(record.id)).toEqual({
        domain: 'acme.test',
        employees: 42,
        enrichment: { firstId: 'a1', size: 42 },
      });
      for (const step of result.steps) {
        expect(step.startedAt).toMatch(ISO);
        expect(step.completedAt).toMatch(ISO);
        expect(Number.isInteger(step.durationMs)).toBe(true);
      }
      expect(record.metadata).toEqual({ domain: 'acme.test', employees: 42 });
    });

    it('stops at the first failing step and reports the rest as skipped', async () => {
      const flow = flowOf(
        { name: 'prepare', type: 'transform', config: { template: 'ok' } },
        { name: 'fetch', type: 'http', config: { url: `${server.baseUrl}/missing` } },
        { name: 'after', type: 'transform', config: { template: 'never' } },
      );

      const result = await engine.run(flow, record, {}, { signal: signal() });

      expect(result.status).toBe('failed');
      expect(result.output).toBeNull();
      expect(result.error).toMatch(/^HTTP 404 from GET/);
      expect(result.steps.map((step) => step.status)).toEqual(['completed', 'failed', 'skipped']);
      expect(result.steps[1].error).toBe(result.error);
      expect(result.steps[2]).toMatchObject({ durationMs: 0, startedAt: expect.stringMatching(ISO) });
      expect(result.steps[2]).not.toHaveProperty('output');
    });

    it('fails a step that exceeds its timeoutMs', async () => {
      const flow = flowOf({
        name: 'slow',
        type: 'http',
        config: { url: `${server.baseUrl}/hang`, timeoutMs: 100 },
      });

      const result = await engine.run(flow, record, {}, { signal: signal() });

      expect(result).toMatchObject({ status: 'failed', error: 'http step timed out after 100 ms' });
    });

    it('stops promptly when the caller aborts mid-request', async () => {
      const controller = new AbortController();
      const flow = flowOf(
        { name: 'slow', type: 'http', config: { url: `${server.baseUrl}/hang`, timeoutMs: 60_000 } },
        { name: 'after', type: 'transform', config: { template: 'never' } },
      );

      const pending = engine.run(flow, record, {}, { signal: controller.signal });
      await server.received('/hang');
      const abortedAt = Date.now();
      controller.abort();
      const result = await pending;

      expect(Date.now() - abortedAt).toBeLessThan(1000);
      expect(result).toMatchObject({ status: 'failed', error: 'aborted' });
      expect(result.steps.map((step) => [step.status, step.error])).toEqual([
        ['failed', 'aborted'],
        ['skipped', undefined],
      ]);
    });

    it('reports the abort reason and does not wait for an executor that ignores the signal', async () => {
      const stuck = new StuckStepExecutor();
      const custom = new FlowEngine(new StepExecutorRegistry([new TransformStepExecutor(), stuck]));
      const controller = new AbortController();

      const pending = custom.run(
        flowOf({ name: 'wait', type: 'stuck', config: {} }),
        record,
        {},
        {
          signal: controller.signal,
        },
      );
      await stuck.started;
      controller.abort(new Error('batch cancelled'));

      await expect(pending).resolves.toMatchObject({ status: 'failed', error: 'batch cancelled' });
    });

    it('skips every step when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();

      const result = await engine.run(
        flowOf({ name: 'a', type: 'transform', config: { template: 1 } }),
        record,
        {},
        {
          signal: controller.signal,
        },
      );

      expect(result).toMatchObject({
        status: 'failed',
        error: 'aborted',
        steps: [{ name: 'a', status: 'skipped' }],
      });
    });

    it('fails cleanly, without throwing, on steps that never passed validation', async () => {
      const broken = [
        { name: 'x', type: 'teleport', config: {} },
        { name: 'x', type: 'transform', config: null },
        { name: 'x', type: 'http', config: { url: 42 } },
        { name: 'x', type: 'update-record', config: { metadata: 'nope' } },
      ] as FlowStep[];
      const errors = await Promise.all(
        broken.map(async (step) => (await engine.run(flowOf(step), record, {}, { signal: signal() })).error),
      );
      expect(errors).toEqual([
        "unknown step type 'teleport'",
        "step 'x' has no config object",
        "url must be an absolute http(s) URL, got '42'",
        'update-record step needs a RecordWriter, but none was passed to the run',
      ]);
    });

    it('throws for a flow whose steps are not an array', async () => {
      await expect(
        engine.run(
          { id: 'f', name: 'f', steps: null } as unknown as FlowDefinition,
          record,
          {},
          { signal: signal() },
        ),
      ).rejects.toThrow('flow f: steps must be an array');
    });
  });

  describe('runFlow', () => {
    const flow = flowOf({
      name: 'save',
      type: 'update-record',
      config: { metadata: { seen: '{{inputs.when}}' } },
    });

    it('runs the built-in step types with the given RecordWriter', async () => {
      const writer = new InMemoryRecordWriter(new Map());
      const result = await runFlow(flow, record, { when: 'today' }, signal(), { recordWriter: writer });
      expect(result).toMatchObject({ status: 'completed', output: { seen: 'today' } });
    });

    it('fails an update-record step when no RecordWriter is given', async () => {
      const result = await runFlow(flow, record, { when: 'today' }, signal());
      expect(result).toMatchObject({
        status: 'failed',
        error: 'update-record step needs a RecordWriter, but none was passed to the run',
      });
    });
  });
});

describe('StepExecutorRegistry', () => {
  it('refuses two executors for one type', () => {
    expect(
      () => new StepExecutorRegistry([new TransformStepExecutor(), new TransformStepExecutor()]),
    ).toThrow("A step executor for type 'transform' is already registered");
  });
});
