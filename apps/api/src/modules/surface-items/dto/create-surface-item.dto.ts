import { z } from 'zod';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

export const surfaceItemFields = {
  exposedName: z.string().trim().max(100).nullable(),
  exposedDescription: z.string().max(10_000).nullable(),
  endpointSlug: z
    .string()
    .max(100)
    .regex(/^[a-z0-9-]+$/, 'Lowercase letters, digits and dashes only')
    .nullable()
    .describe('Unique per surface (409 otherwise)'),
  isEntryPoint: z.boolean().describe('Default false'),
  enabled: z.boolean().describe('Default true'),
  config: jsonObject.nullable(),
  presentation: jsonObject.nullable(),
};

export class CreateSurfaceItemDto extends createZodDto(
  z.strictObject({
    capabilityId: z
      .guid('Invalid UUID')
      .transform((value) => value.toLowerCase())
      .describe('A capability of the same product'),
    ...z.object(surfaceItemFields).partial().shape,
  }),
) {}
