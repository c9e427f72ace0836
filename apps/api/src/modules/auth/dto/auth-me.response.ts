import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

export class AuthMeResponse extends createZodDto(
  z.object({
    hasOrganization: z.boolean(),
    userId: z.string(),
    orgId: z.string().nullable(),
    orgRole: z.string().nullable(),
    orgSlug: z.string().nullable(),
    sessionId: z.string().nullable(),
  }),
) {}
