import { z } from 'zod';
import type { ScheduleRunRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

/** A schedule run (spec §5 "Schedule run object"), plus `successCount`, `trigger`, `scheduledFor`. */
export const scheduleRunSchema = z.object({
  id: z.string(),
  scheduleId: z.string(),
  batchExecutionId: z.string().nullable(),
  flowId: z.string().nullable(),
  agentId: z.string().nullable(),
  agentExecutionId: z.string().nullable(),
  status: z.string(),
  totalRecords: z.number().int(),
  processedRecords: z.number().int(),
  failedRecords: z.number().int(),
  successCount: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  trigger: z.string().describe('`manual` (run-now) or `cadence`'),
  scheduledFor: z.string().nullable().describe('The cadence instant; null for manual runs'),
});

export class ScheduleRunResponse extends createZodDto(scheduleRunSchema) {}

export function toScheduleRunResponse(row: ScheduleRunRow): ScheduleRunResponse {
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    batchExecutionId: row.batchExecutionId,
    flowId: row.flowId,
    agentId: row.agentId,
    agentExecutionId: row.agentExecutionId,
    status: row.status,
    totalRecords: row.totalRecords,
    processedRecords: row.processedRecords,
    failedRecords: row.failedRecords,
    successCount: row.successCount,
    error: row.error,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    trigger: row.trigger,
    scheduledFor: row.scheduledFor?.toISOString() ?? null,
  };
}
