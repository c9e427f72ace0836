export { FlowEngine } from './flow-engine';
export type {
  FlowDefinition,
  FlowInputs,
  FlowIssue,
  FlowRecord,
  FlowRunOptions,
  FlowRunResult,
  FlowStep,
  FlowValidationResult,
  RecordMetadata,
  RecordWriter,
  StepResult,
  StepStatus,
  TemplateScope,
} from './flow.types';
export {
  HttpStepExecutor,
  type HttpStepConfig,
  type HttpStepExecutorOptions,
  type HttpStepOutput,
} from './http-step.executor';
export { createDefaultFlowEngine, defaultFlowEngine, runFlow } from './run-flow';
export type { StepContext, StepExecutor } from './step-executor.interface';
export { StepExecutorRegistry } from './step-executor.registry';
export { renderTemplate, renderText, templateVariables } from './template';
export { TransformStepExecutor, type TransformStepConfig } from './transform-step.executor';
export { UpdateRecordStepExecutor, type UpdateRecordStepConfig } from './update-record-step.executor';
