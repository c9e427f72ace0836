import { pageSchema } from '../../../common/page';
import { createZodDto } from '../../../common/zod-dto';
import { scheduleRunSchema } from './schedule-run.response';

export class ScheduleRunPageResponse extends createZodDto(pageSchema(scheduleRunSchema)) {}
