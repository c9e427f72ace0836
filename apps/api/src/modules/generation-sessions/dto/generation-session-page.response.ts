import { z } from 'zod';
import type { GenerationSessionPage } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { generationSessionSchema, toGenerationSessionResponse } from './generation-session.response';

export class GenerationSessionPageResponse extends createZodDto(
  z.object({
    data: z.array(generationSessionSchema),
    pagination: z.object({ limit: z.number().int(), offset: z.number().int(), total: z.number().int() }),
  }),
) {}

export function toGenerationSessionPageResponse(page: GenerationSessionPage): GenerationSessionPageResponse {
  return { data: page.data.map(toGenerationSessionResponse), pagination: page.pagination };
}
