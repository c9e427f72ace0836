import { z } from 'zod';
import type { CapabilityRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export const capabilitySchema = z.object({
  id: z.string(),
  productId: z.string(),
  flowId: z.string().nullable(),
  agentId: z.string().nullable(),
  capabilityName: z.string(),
  capabilityDescription: z.string().nullable(),
  enabled: z.boolean(),
  displayOrder: z.number().int(),
  createdAt: z.string(),
  parametersSchema: z.unknown().nullable(),
});

export class CapabilityResponse extends createZodDto(capabilitySchema) {}

export function toCapabilityResponse(row: CapabilityRow): CapabilityResponse {
  return {
    id: row.id,
    productId: row.productId,
    flowId: row.flowId,
    agentId: row.agentId,
    capabilityName: row.capabilityName,
    capabilityDescription: row.capabilityDescription,
    enabled: row.enabled,
    displayOrder: row.displayOrder,
    createdAt: row.createdAt.toISOString(),
    parametersSchema: row.parametersSchema,
  };
}
