import { createZodDto } from '../../../common/zod-dto';
import { scheduleBodySchema } from './schedule-body';

/**
 * The flat schedule fields, or the nested `target`/`trigger`/`executionOptions` body of
 * spec §5.2. Required after normalization: a target (`flowId` or `agentId`) and `triggerType`.
 */
export class CreateScheduleDto extends createZodDto(scheduleBodySchema) {}
