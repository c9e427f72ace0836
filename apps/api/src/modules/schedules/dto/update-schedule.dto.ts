import { createZodDto } from '../../../common/zod-dto';
import { scheduleBodySchema } from './schedule-body';

/**
 * Partial update, flat or nested: flat fields given replace what is stored (null clears), a
 * nested `target`/`trigger` replaces that whole part.
 */
export class UpdateScheduleDto extends createZodDto(scheduleBodySchema) {}
