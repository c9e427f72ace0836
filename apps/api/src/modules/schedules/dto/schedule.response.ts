import { z } from 'zod';
import type { ScheduleDetail } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

/** The flat Schedule object of spec §5, plus `pausedAt`/`pauseReason`. */
export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  flowId: z.string().nullable(),
  agentId: z.string().nullable(),
  flowName: z.string().nullable().describe("The flow's current name; null for agent schedules"),
  productSurfaceId: z.string().nullable(),
  recordType: z.string().nullable(),
  recordIds: z.array(z.string()).nullable(),
  recordFilter: z.record(z.string(), z.unknown()).nullable(),
  triggerType: z.string(),
  cron: z.string().nullable(),
  timezone: z.string(),
  runAt: z.string().nullable(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  executionOptions: z.record(z.string(), z.unknown()),
  inputs: z.record(z.string(), z.unknown()),
  organizationId: z.string().nullable(),
  userId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  pausedAt: z.string().nullable(),
  pauseReason: z.string().nullable(),
});

export class ScheduleResponse extends createZodDto(scheduleSchema) {}

export function toScheduleResponse(row: ScheduleDetail): ScheduleResponse {
  return {
    id: row.id,
    name: row.name,
    flowId: row.flowId,
    agentId: row.agentId,
    flowName: row.flowName,
    productSurfaceId: row.productSurfaceId,
    recordType: row.recordType,
    recordIds: row.recordIds.length > 0 ? row.recordIds : null,
    recordFilter: row.recordFilter as Record<string, unknown> | null,
    triggerType: row.triggerType,
    cron: row.cron,
    timezone: row.timezone,
    runAt: row.runAt?.toISOString() ?? null,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt?.toISOString() ?? null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    executionOptions: row.executionOptions as Record<string, unknown>,
    inputs: row.inputs as Record<string, unknown>,
    organizationId: row.organizationId,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    pausedAt: row.pausedAt?.toISOString() ?? null,
    pauseReason: row.pauseReason,
  };
}
