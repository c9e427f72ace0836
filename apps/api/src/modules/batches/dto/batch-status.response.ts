import { z } from 'zod';
import type { BatchRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export class BatchStatusResponse extends createZodDto(
  z.object({
    batchExecutionId: z.string(),
    flowId: z.string().nullable(),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
    totalRecords: z.number().int(),
    processedRecords: z.number().int().describe('successCount + failedRecords'),
    failedRecords: z.number().int(),
    successCount: z.number().int(),
    progress: z.number().int().describe('floor(100 · processed / total); 100 when done'),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    error: z.string().nullable().describe('Set when the batch itself failed'),
    results: z
      .array(z.unknown())
      .describe('Always empty: read per-record results from /v1/schedules/batch/{id}/results'),
  }),
) {}

export function toBatchStatusResponse(batch: BatchRow): BatchStatusResponse {
  return {
    batchExecutionId: batch.id,
    flowId: batch.flowId,
    status: batch.status as BatchStatusResponse['status'],
    totalRecords: batch.totalRecords,
    processedRecords: batch.processedRecords,
    failedRecords: batch.failedRecords,
    successCount: batch.successCount,
    progress: batch.progress,
    startedAt: batch.startedAt?.toISOString() ?? null,
    completedAt: batch.completedAt?.toISOString() ?? null,
    cancelledAt: batch.cancelledAt?.toISOString() ?? null,
    error: batch.error,
    results: [],
  };
}
