import { z } from 'zod';
import type { FlowRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { flowStepSchema } from './create-flow.dto';

export const flowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  steps: z.array(flowStepSchema),
  version: z.number().int(),
  userId: z.string(),
  organizationId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export class FlowResponse extends createZodDto(flowSchema) {}

export function toFlowResponse(row: FlowRow): FlowResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    steps: row.steps as FlowResponse['steps'],
    version: row.version,
    userId: row.userId,
    organizationId: row.organizationId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
