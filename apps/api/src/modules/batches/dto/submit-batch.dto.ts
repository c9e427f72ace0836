import { z } from 'zod';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

/** `executionOptions` of schedules and `options` of a batch submit. */
export const executionOptionsSchema = z.strictObject({
  chunkSize: z.number().int().min(1).max(5000).optional(),
  progressFlushSize: z.number().int().min(1).max(5000).optional(),
  recordConcurrency: z.number().int().min(1).max(100).optional(),
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  retryOnFailure: z.boolean().optional(),
});

export class SubmitBatchDto extends createZodDto(
  z.strictObject({
    flowId: z.uuid(),
    recordIds: z.array(z.uuid()).min(1).max(100_000),
    options: executionOptionsSchema.optional(),
    inputs: jsonObject.optional(),
  }),
) {}
