import { z } from 'zod';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

export class CreateGenerationEventDto extends createZodDto(
  z.strictObject({
    type: z.string().trim().min(1).max(100),
    message: z.string().max(10_000).optional(),
    payload: jsonObject.optional().describe('Defaults to {}'),
    stage: z.string().trim().min(1).max(100).optional(),
  }),
) {}
