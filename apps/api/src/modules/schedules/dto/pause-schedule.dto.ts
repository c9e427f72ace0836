import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

/** The body is optional. */
export class PauseScheduleDto extends createZodDto(
  z.strictObject({ reason: z.string().trim().min(1).max(1000).optional() }).default({}),
) {}
