import { z } from 'zod';
import { ALL_SCOPES } from '@app/auth';
import { createZodDto } from '../../../common/zod-dto';

export class CreateApiKeyDto extends createZodDto(
  z.strictObject({
    name: z.string().trim().min(1).max(255),
    scopes: z
      .array(z.enum(ALL_SCOPES as [string, ...string[]]))
      .min(1)
      .max(50)
      .optional()
      .describe('Default ["*"]. `*`, `<AREA>:*` or `<AREA>:READ|WRITE|EXECUTE`'),
    environment: z.enum(['test', 'production']).optional().describe('Default `test` (`rt_test_` keys)'),
    expiresAt: z.coerce.date().nullable().optional(),
  }),
) {}
