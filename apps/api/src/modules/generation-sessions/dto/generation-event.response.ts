import { z } from 'zod';
import type { GenerationEventRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export const generationEventSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  userId: z.string(),
  organizationId: z.string().nullable(),
  type: z.string(),
  stage: z.string().nullable(),
  message: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export class GenerationEventResponse extends createZodDto(generationEventSchema) {}

export function toGenerationEventResponse(row: GenerationEventRow): GenerationEventResponse {
  return {
    id: row.id,
    sessionId: row.sessionId,
    userId: row.userId,
    organizationId: row.organizationId,
    type: row.type,
    stage: row.stage,
    message: row.message,
    payload: row.payload as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}
