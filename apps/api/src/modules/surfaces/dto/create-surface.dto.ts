import { z } from 'zod';
import { ENVIRONMENTS, SURFACE_STATUSES, SURFACE_TYPES } from '@app/core';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

export const surfaceFields = {
  name: z.string().trim().min(1).max(255),
  config: z.unknown().optional(),
  behavior: z.unknown().optional(),
  inbound: jsonObject.nullable().optional(),
  outbound: jsonObject.nullable().optional(),
  status: z.enum(SURFACE_STATUSES).optional(),
  environment: z.enum(ENVIRONMENTS).optional().describe('Default `development`'),
};

export class CreateSurfaceDto extends createZodDto(
  z.strictObject({ ...surfaceFields, type: z.enum(SURFACE_TYPES) }),
) {}
