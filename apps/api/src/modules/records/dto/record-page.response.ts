import { pageSchema } from '../../../common/page';
import { createZodDto } from '../../../common/zod-dto';
import { recordSchema } from './record.response';

export class RecordPageResponse extends createZodDto(pageSchema(recordSchema)) {}
