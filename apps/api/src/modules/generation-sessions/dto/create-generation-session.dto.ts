import { z } from 'zod';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

const version = z.string().trim().min(1).max(100);

/** Every field is optional, and so is the body. */
export class CreateGenerationSessionDto extends createZodDto(
  z
    .strictObject({
      catalogVersion: version.optional(),
      prd: jsonObject.optional(),
      schemaVersion: version.optional(),
    })
    .default({}),
) {}
