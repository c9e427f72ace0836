import { FlowEngine } from './flow-engine';
import type { FlowDefinition, FlowInputs, FlowRecord, FlowRunResult, RecordWriter } from './flow.types';
import { HttpStepExecutor } from './http-step.executor';
import { StepExecutorRegistry } from './step-executor.registry';
import { TransformStepExecutor } from './transform-step.executor';
import { UpdateRecordStepExecutor } from './update-record-step.executor';

/** A fresh engine with the built-in step types (transform, http, update-record). */
export function createDefaultFlowEngine(): FlowEngine {
  return new FlowEngine(
    new StepExecutorRegistry([
      new TransformStepExecutor(),
      new HttpStepExecutor(),
      new UpdateRecordStepExecutor(),
    ]),
  );
}

/** Shared by callers that need only the built-in step types (flow validation, the batch worker). */
export const defaultFlowEngine = createDefaultFlowEngine();

/** `defaultFlowEngine.run` with the signal as a plain argument. */
export function runFlow(
  flow: FlowDefinition,
  record: FlowRecord,
  inputs: FlowInputs | null | undefined,
  signal: AbortSignal,
  deps: { recordWriter?: RecordWriter } = {},
): Promise<FlowRunResult> {
  return defaultFlowEngine.run(flow, record, inputs, { signal, recordWriter: deps.recordWriter });
}
