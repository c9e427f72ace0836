import { z } from 'zod';
import { GENERATION_SESSION_STATUSES } from '@app/core';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

/**
 * Fields given replace what is stored; `null` clears. `productObject` without
 * `productObjectHash` gets the sha256 hex of its canonical JSON (sorted keys).
 * The body is optional.
 */
export class UpdateGenerationSessionDto extends createZodDto(
  z
    .strictObject({
      assemblyState: jsonObject.nullable().optional(),
      plan: jsonObject.nullable().optional(),
      prd: jsonObject.nullable().optional(),
      productObject: jsonObject.nullable().optional(),
      productObjectHash: z.string().trim().min(1).max(256).nullable().optional(),
      status: z.enum(GENERATION_SESSION_STATUSES).optional(),
    })
    .default({}),
) {}
