export { AppError, ErrorCode, statusOf, type FieldIssue } from './common/app-error';
export { isUuid } from './common/ids';
export { deepMerge, isPlainObject, jsonColumn, type JsonObject } from './common/json';
export {
  decodeCursor,
  encodeCursor,
  paginate,
  type CursorPagination,
  type CursorQuery,
  type KeysetArgs,
  type Page,
} from './common/pagination';
export { ownershipOf, tenantIdOf, type Ownership, type Principal } from './common/principal';
export { CoreModule } from './core.module';
export {
  ProductsService,
  type CreatedProduct,
  type CreateProductInput,
  type UpdateProductInput,
} from './products/products.service';
export type { ProductRow } from './products/products.repository';
export {
  SurfacesService,
  type CreateSurfaceInput,
  type UpdateSurfaceInput,
} from './surfaces/surfaces.service';
export type { SurfaceDetailRow, SurfaceRow } from './surfaces/surfaces.repository';
export { ENVIRONMENTS, SURFACE_STATUSES, SURFACE_TYPES } from './surfaces/surface-types';
export { RecordsService, type CreateRecordInput, type UpdateRecordInput } from './records/records.service';
export type { RecordRow } from './records/records.repository';
export { FlowsService, type CreateFlowInput, type UpdateFlowInput } from './flows/flows.service';
export type { FlowRow } from './flows/flows.repository';
export { IdempotencyRecordsRepository } from './maintenance/idempotency-records.repository';
export {
  SchedulesService,
  type CreateScheduleInput,
  type ScheduleDetail,
  type ScheduleInput,
  type UpdateScheduleInput,
} from './schedules/schedules.service';
export { scheduleSelect, type ScheduleRow } from './schedules/schedules.repository';
export {
  computeNextRunAt,
  cronExpressionError,
  isValidTimeZone,
  nextCronAt,
  type NextRunInput,
} from './schedules/next-run';
export {
  RECORD_FILTER_MAX_DEPTH,
  RECORD_FILTER_OPS,
  recordFilterSchema,
  type RecordFilter,
  type RecordFilterCondition,
  type RecordFilterGroup,
  type RecordFilterOp,
  type RecordFilterWhere,
} from './schedules/record-filter';
export {
  DEFAULT_SCHEDULE_NAME,
  isCadenceTrigger,
  MAX_RECORD_IDS,
  scheduleExecutionOptionsSchema,
  TRIGGER_TYPES,
  type ScheduleExecutionOptions,
  type TriggerType,
} from './schedules/schedule-types';
export type { FireContext, FireResult } from './batches/batch.types';
export { BatchFiringService, type FireRequest } from './batches/batch-firing.service';
export {
  BatchesService,
  type ResultsPage,
  type ResultsQuery,
  type SubmitFlowBatchInput,
} from './batches/batches.service';
export type { BatchResultRow, BatchRow, ScheduleRunRow } from './batches/batches.repository';
export { BatchRunner, type DrainOutcome } from './batches/batch-runner';
export { BatchReconciler, type ReconcileReport } from './batches/batch-reconciler';
export {
  EXECUTION_DEFAULTS,
  resolveExecutionOptions,
  type ExecutionOptions,
} from './batches/execution-options';
export { selectionOf, type Selection } from './batches/record-selection';
export {
  GenerationSessionsService,
  type CreateGenerationEventInput,
  type CreateGenerationSessionInput,
  type GenerationSessionPage,
  type GenerationSessionsQuery,
  type UpdateGenerationSessionInput,
} from './generation-sessions/generation-sessions.service';
export type {
  GenerationEventRow,
  GenerationSessionDetailRow,
  GenerationSessionRow,
} from './generation-sessions/generation-sessions.repository';
export {
  GENERATION_SESSION_STATUSES,
  type GenerationSessionStatus,
} from './generation-sessions/generation-session-types';
export {
  CapabilitiesService,
  type CreateCapabilityInput,
  type UpdateCapabilityInput,
} from './capabilities/capabilities.service';
export type { CapabilityRow } from './capabilities/capabilities.repository';
export { parametersSchemaOf, type DerivedParametersSchema } from './capabilities/parameters-schema';
export {
  SurfaceItemsService,
  type CreateSurfaceItemInput,
  type UpdateSurfaceItemInput,
} from './surface-items/surface-items.service';
export type { SurfaceItemRow } from './surface-items/surface-items.repository';
export { EMBEDDED_SURFACES_MAX, type ProductDetailRow } from './products/products.repository';
export {
  SurfaceKeysService,
  TEST_KEY_LIMITS,
  type CreatedSurfaceKey,
  type CreateSurfaceKeyInput,
  type RevealedKey,
} from './surface-keys/surface-keys.service';
export type { SurfaceKeyRow } from './surface-keys/surface-keys.repository';
export {
  SURFACE_KEY_ENVIRONMENTS,
  SURFACE_KEY_PREFIXES,
  type SurfaceKeyEnvironment,
} from './surface-keys/surface-key-material';
export { SecretBox } from './common/secret-box';
export {
  CONFIGURATION_ISSUES,
  ProductOverviewService,
  type CapabilityConfiguration,
  type CleanupPreviewWithNotes,
  type ConfigurationIssue,
  type ProductConfiguration,
  type ScheduleConfiguration,
  type SurfaceConfiguration,
} from './product-overview/product-overview.service';
export { CLEANUP_PREVIEW_IDS_MAX, type CountedIds } from './product-overview/product-overview.repository';
export {
  ASSEMBLE_IDEMPOTENCY_SCOPE,
  ProductAssemblyService,
  type AssembledProduct,
  type AssemblyRenderer,
  type FpoIdMapping,
  type FpoIssue,
} from './product-assembly/product-assembly.service';
export { fpoSchema, FPO_LIMITS, type Fpo } from './product-assembly/fpo.schema';
