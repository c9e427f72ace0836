import { z } from 'zod';
import { SURFACE_KEY_ENVIRONMENTS } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export class CreateSurfaceKeyDto extends createZodDto(
  z.strictObject({
    environment: z
      .enum(SURFACE_KEY_ENVIRONMENTS)
      .optional()
      .describe(
        'Default `test`. Key prefix `papi_live_` (production), `papi_test_`, `papi_dev_`; only test and ' +
          'development keys can be revealed later',
      ),
    expiresAt: z.iso
      .datetime({ offset: true, error: 'Expected an ISO 8601 date-time with a time zone' })
      .transform((value) => new Date(value))
      .refine((date) => date.getTime() > Date.now(), 'Must be in the future')
      .nullable()
      .optional(),
    name: z.string().trim().min(1).max(255).nullable().optional(),
    rateLimitPerDay: z.number().int().min(1).nullable().optional(),
    rateLimitPerMinute: z.number().int().min(1).nullable().optional(),
    scopes: z.array(z.string().trim().min(1).max(100)).max(50).optional().describe('Free-form; default []'),
  }),
) {}
