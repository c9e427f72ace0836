import { z } from 'zod';
import type { FireResult } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

/** Spec §4.30. */
export class RunNowResponse extends createZodDto(
  z.object({
    batchExecutionId: z.string().describe('Poll with GET /v1/batch/status/:id'),
    recordCount: z.number().int().describe('Records resolved and submitted'),
    status: z.enum(['queued', 'completed']).describe('`completed` when no record matched'),
  }),
) {}

export function toRunNowResponse(result: FireResult): RunNowResponse {
  return {
    batchExecutionId: result.batchExecutionId,
    recordCount: result.recordCount,
    status: result.status,
  };
}
