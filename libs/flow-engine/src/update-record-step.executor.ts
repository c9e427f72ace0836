import { z } from 'zod';
import type { RecordMetadata } from './flow.types';
import type { StepContext, StepExecutor } from './step-executor.interface';
import { renderTemplate } from './template';

const updateRecordStepConfigSchema = z.object({
  metadata: z.record(z.string(), z.json()),
});

export type UpdateRecordStepConfig = z.infer<typeof updateRecordStepConfigSchema>;

/** Shallow-merges the rendered `metadata` into the record through the run's RecordWriter. */
export class UpdateRecordStepExecutor implements StepExecutor<UpdateRecordStepConfig> {
  readonly type = 'update-record';
  readonly configSchema = updateRecordStepConfigSchema;

  async execute(config: UpdateRecordStepConfig, context: StepContext): Promise<RecordMetadata> {
    const writer = context.recordWriter;
    if (!writer) throw new Error('update-record step needs a RecordWriter, but none was passed to the run');
    const patch = renderTemplate(config.metadata, context.scope);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new Error('update-record config.metadata must be an object');
    }
    const record = context.scope._record;
    const merged = await writer.mergeMetadata(record.id, patch as RecordMetadata, context.signal);
    record.metadata = merged;
    return merged;
  }
}
