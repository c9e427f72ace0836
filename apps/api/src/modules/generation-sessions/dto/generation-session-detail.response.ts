import { z } from 'zod';
import type { GenerationSessionDetailRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { generationEventSchema, toGenerationEventResponse } from './generation-event.response';
import { generationSessionSchema, toGenerationSessionResponse } from './generation-session.response';

/** A session with its events, oldest first. */
export class GenerationSessionDetailResponse extends createZodDto(
  generationSessionSchema.extend({ events: z.array(generationEventSchema) }),
) {}

export function toGenerationSessionDetailResponse(
  row: GenerationSessionDetailRow,
): GenerationSessionDetailResponse {
  return { ...toGenerationSessionResponse(row), events: row.events.map(toGenerationEventResponse) };
}
