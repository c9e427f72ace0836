import type {
  FlowDefinition,
  FlowInputs,
  FlowIssue,
  FlowRecord,
  FlowRunOptions,
  FlowRunResult,
  FlowValidationResult,
  StepResult,
  TemplateScope,
} from './flow.types';
import type { StepContext } from './step-executor.interface';
import type { StepExecutorRegistry } from './step-executor.registry';
import { templateVariables } from './template';

const TEMPLATE_ROOTS = new Set(['_record', 'inputs', 'steps']);
// Step names are template path segments (`steps.<name>.output`): a name the template parser splits
// or blocks could never be referenced.
const INVALID_STEP_NAME = /[.{}]/;
const RESERVED_STEP_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Runs a flow against one record by dispatching each step to the executor registered for its type. */
export class FlowEngine {
  constructor(private readonly registry: StepExecutorRegistry) {}

  /** Meant for save time: run() trusts validated steps and does no schema parsing itself. */
  validateSteps(steps: unknown): FlowValidationResult {
    if (!Array.isArray(steps)) return invalid([{ path: ['steps'], message: 'steps must be an array' }]);
    if (steps.length === 0) return invalid([{ path: ['steps'], message: 'a flow needs at least one step' }]);
    const issues: FlowIssue[] = [];
    const earlierNames = new Map<string, number>();
    steps.forEach((step: unknown, index) => {
      const at = (...path: Array<string | number>) => ['steps', index, ...path];
      if (typeof step !== 'object' || step === null || Array.isArray(step)) {
        issues.push({ path: at(), message: 'step must be an object' });
        return;
      }
      const { name, type, config } = step as Record<string, unknown>;
      const nameIssue = checkName(name, earlierNames);
      if (nameIssue) issues.push({ path: at('name'), message: nameIssue });
      const executor = typeof type === 'string' ? this.registry.get(type) : undefined;
      if (!executor) {
        const known = this.registry.types().join(', ');
        const message =
          typeof type === 'string'
            ? `unknown step type '${type}' (known: ${known})`
            : 'type must be a string';
        issues.push({ path: at('type'), message });
      } else {
        const parsed = executor.configSchema.safeParse(config);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
            issues.push({ path: at('config', ...path), message: issue.message });
          }
        }
      }
      checkReferences(config, at('config'), earlierNames, issues);
      if (typeof name === 'string' && !earlierNames.has(name)) earlierNames.set(name, index);
    });
    return issues.length > 0 ? invalid(issues) : { ok: true };
  }

  /**
   * Never throws for a failing step: the first failure (or an abort) ends the run as `failed` and the
   * remaining steps are reported `skipped`. Throws only when `flow.steps` is not an array.
   */
  async run(
    flow: FlowDefinition,
    record: FlowRecord,
    inputs: FlowInputs | null | undefined,
    options: FlowRunOptions,
  ): Promise<FlowRunResult> {
    if (!Array.isArray(flow.steps)) throw new TypeError(`flow ${flow.id}: steps must be an array`);
    const { signal, recordWriter } = options;
    const scope: TemplateScope = {
      _record: { id: record.id, name: record.name, type: record.type, metadata: record.metadata ?? {} },
      inputs: inputs ?? {},
      // No prototype, so a step named "__proto__" in an unvalidated flow is just a key.
      steps: Object.create(null) as TemplateScope['steps'],
    };
    const context: StepContext = { scope, signal, recordWriter };
    const results: StepResult[] = [];
    let output: unknown = null;
    let error: string | undefined;

    for (const [order, step] of flow.steps.entries()) {
      if (error === undefined && signal.aborted) error = abortMessage(signal);
      const result: StepResult = {
        name: String(step?.name),
        type: String(step?.type),
        order,
        status: 'skipped',
        startedAt: new Date().toISOString(),
        completedAt: '',
        durationMs: 0,
      };
      results.push(result);
      if (error !== undefined) {
        result.completedAt = result.startedAt;
        continue;
      }
      const started = performance.now();
      try {
        const stepOutput = await this.execute(step, context);
        scope.steps[step.name] = { output: stepOutput };
        output = stepOutput;
        result.status = 'completed';
        result.output = stepOutput;
      } catch (caught) {
        error = signal.aborted ? abortMessage(signal) : errorMessage(caught);
        result.status = 'failed';
        result.error = error;
      }
      result.completedAt = new Date().toISOString();
      result.durationMs = Math.round(performance.now() - started);
    }

    return error === undefined
      ? { status: 'completed', output, steps: results }
      : { status: 'failed', output: null, error, steps: results };
  }

  private execute(step: FlowDefinition['steps'][number], context: StepContext): Promise<unknown> {
    const executor = typeof step?.type === 'string' ? this.registry.get(step.type) : undefined;
    if (!executor) throw new Error(`unknown step type '${String(step?.type)}'`);
    const { config } = step;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new Error(`step '${step.name}' has no config object`);
    }
    return untilAborted(executor.execute(config, context), context.signal);
  }
}

function invalid(issues: FlowIssue[]): FlowValidationResult {
  return { ok: false, issues };
}

function checkName(name: unknown, earlierNames: ReadonlyMap<string, number>): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'name must be a non-empty string';
  if (INVALID_STEP_NAME.test(name) || RESERVED_STEP_NAMES.has(name)) {
    return `name '${name}' cannot be referenced as steps.<name>: no dots or braces, and not ${[...RESERVED_STEP_NAMES].join('/')}`;
  }
  const first = earlierNames.get(name);
  return first === undefined ? undefined : `duplicate step name '${name}' (already used by step ${first})`;
}

/** Catches typos and forward references at save time, where they would otherwise render as null. */
function checkReferences(
  value: unknown,
  path: Array<string | number>,
  earlierNames: ReadonlyMap<string, number>,
  issues: FlowIssue[],
): void {
  if (typeof value === 'string') {
    for (const variable of templateVariables(value)) {
      const [root, stepName] = variable.split('.');
      if (!TEMPLATE_ROOTS.has(root)) {
        issues.push({ path, message: `{{${variable}}}: templates start with _record, inputs or steps` });
      } else if (root === 'steps' && stepName !== undefined && !earlierNames.has(stepName)) {
        issues.push({ path, message: `{{${variable}}}: no step named '${stepName}' runs before this one` });
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkReferences(item, [...path, index], earlierNames, issues));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkReferences(item, [...path, key], earlierNames, issues);
    }
  }
}

/**
 * Settles as soon as the signal aborts, even if the executor ignores it, so a cancelled batch item
 * never waits on a slow step. The executor's late settlement is observed, never left unhandled.
 */
function untilAborted(pending: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

// Errors are duck-typed: fetch and AbortController errors can come from another realm (e.g. under Jest).
interface ErrorLike {
  name?: unknown;
  message?: unknown;
}

/** A plain `abort()` reads as "aborted"; an explicit reason (e.g. "batch cancelled") is kept. */
function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason !== '') return reason;
  const { name, message } = (reason ?? {}) as ErrorLike;
  return name !== 'AbortError' && typeof message === 'string' && message !== '' ? message : 'aborted';
}

function errorMessage(error: unknown): string {
  const { name, message } = (error ?? {}) as ErrorLike;
  if (typeof message === 'string' && message !== '') return message;
  return typeof name === 'string' ? name : String(error);
}
