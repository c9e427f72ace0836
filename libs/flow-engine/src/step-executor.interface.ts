import type { z } from 'zod';
import type { RecordWriter, TemplateScope } from './flow.types';

export interface StepContext {
  readonly scope: TemplateScope;
  readonly signal: AbortSignal;
  readonly recordWriter?: RecordWriter;
}

/** One step type. Registering a new implementation is all it takes to add a step type. */
export interface StepExecutor<TConfig = unknown> {
  readonly type: string;
  /** Checked when a flow is validated, not on every run: runs are the hot path. */
  readonly configSchema: z.ZodType<TConfig>;
  execute(config: TConfig, context: StepContext): Promise<unknown>;
}
