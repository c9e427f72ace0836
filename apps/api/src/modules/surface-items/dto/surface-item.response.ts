import { z } from 'zod';
import type { SurfaceItemRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

/** An item as returned on its own and embedded in a surface (GET surface, GET product). */
export const surfaceItemSchema = z.object({
  id: z.string(),
  surfaceId: z.string(),
  capabilityId: z.string(),
  capabilityName: z.string(),
  agentId: z.string().nullable().describe('The exposed capability’s agent, if it is an agent capability'),
  exposedName: z.string().nullable(),
  exposedDescription: z.string().nullable(),
  endpointSlug: z.string().nullable(),
  isEntryPoint: z.boolean(),
  enabled: z.boolean(),
  displayOrder: z.number().int(),
  config: z.record(z.string(), z.unknown()).nullable(),
  presentation: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});

export class SurfaceItemResponse extends createZodDto(surfaceItemSchema) {}

export function toSurfaceItemResponse(row: SurfaceItemRow): SurfaceItemResponse {
  return {
    id: row.id,
    surfaceId: row.surfaceId,
    capabilityId: row.capabilityId,
    capabilityName: row.capability.capabilityName,
    agentId: row.capability.agentId,
    exposedName: row.exposedName,
    exposedDescription: row.exposedDescription,
    endpointSlug: row.endpointSlug,
    isEntryPoint: row.isEntryPoint,
    enabled: row.enabled,
    displayOrder: row.displayOrder,
    config: row.config as Record<string, unknown> | null,
    presentation: row.presentation as Record<string, unknown> | null,
    createdAt: row.createdAt.toISOString(),
  };
}
