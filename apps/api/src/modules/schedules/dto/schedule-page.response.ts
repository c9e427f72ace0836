import { pageSchema } from '../../../common/page';
import { createZodDto } from '../../../common/zod-dto';
import { scheduleSchema } from './schedule.response';

export class SchedulePageResponse extends createZodDto(pageSchema(scheduleSchema)) {}
