import { z } from 'zod';
import type { ResultsPage } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export class BatchResultsResponse extends createZodDto(
  z.object({
    data: z.array(
      z.object({
        recordResultId: z.string(),
        recordId: z.string(),
        record: z.object({ id: z.string(), name: z.string(), type: z.string() }).nullable(),
        flowId: z.string().nullable(),
        flowName: z.string().nullable(),
        agentExecutionId: z.string().nullable(),
        status: z.string(),
        error: z.string().nullable(),
        output: z.unknown(),
        attempts: z.number().int(),
        executedAt: z.string().nullable(),
        failedAt: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    pagination: z.object({ hasMore: z.boolean(), limit: z.number(), offset: z.number(), total: z.number() }),
  }),
) {}

export function toBatchResultsResponse(page: ResultsPage): BatchResultsResponse {
  return {
    data: page.data.map((row) => ({
      recordResultId: row.id,
      recordId: row.recordId,
      record:
        row.recordName === null ? null : { id: row.recordId, name: row.recordName, type: row.recordType! },
      flowId: page.batch.flowId,
      flowName: page.flowName,
      agentExecutionId: null,
      status: row.status,
      error: row.error,
      output: row.output,
      attempts: row.attempts,
      executedAt: row.completedAt?.toISOString() ?? null,
      failedAt: row.status === 'failed' ? (row.completedAt?.toISOString() ?? null) : null,
      createdAt: row.createdAt.toISOString(),
    })),
    pagination: page.pagination,
  };
}
