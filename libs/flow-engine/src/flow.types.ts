export type RecordMetadata = Record<string, unknown>;

export interface FlowStep {
  readonly name: string;
  readonly type: string;
  /** Shape depends on the step type; checked by that executor's schema in `FlowEngine.validateSteps`. */
  readonly config: unknown;
}

export interface FlowDefinition {
  readonly id: string;
  readonly name: string;
  readonly steps: readonly FlowStep[];
}

export interface FlowRecord {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly metadata: RecordMetadata | null;
}

export type FlowInputs = Record<string, unknown>;

/**
 * The engine's only way to persist anything: the worker implements it over its repository, so the
 * merge can be one atomic JSONB update instead of a read-modify-write race between items.
 */
export interface RecordWriter {
  /** Shallow-merges `patch` into the record's metadata (top-level keys) and returns the result. */
  mergeMetadata(recordId: string, patch: RecordMetadata, signal: AbortSignal): Promise<RecordMetadata>;
}

export interface FlowRunOptions {
  readonly signal: AbortSignal;
  readonly recordWriter?: RecordWriter;
}

/** What templates see. `_record.metadata` changes when an update-record step runs. */
export interface TemplateScope {
  readonly _record: {
    readonly id: string;
    readonly name: string;
    readonly type: string;
    metadata: RecordMetadata;
  };
  readonly inputs: FlowInputs;
  readonly steps: Record<string, { readonly output: unknown }>;
}

export type StepStatus = 'completed' | 'failed' | 'skipped';

export interface StepResult {
  name: string;
  type: string;
  /** Zero-based position in `flow.steps`. */
  order: number;
  status: StepStatus;
  output?: unknown;
  error?: string;
  startedAt: string;
  completedAt: string;
  durationMs: number;
}

export interface FlowRunResult {
  status: 'completed' | 'failed';
  /** The last step's output when completed; null when failed. */
  output: unknown;
  error?: string;
  steps: StepResult[];
}

export interface FlowIssue {
  path: Array<string | number>;
  message: string;
}

export type FlowValidationResult = { ok: true } | { ok: false; issues: FlowIssue[] };
