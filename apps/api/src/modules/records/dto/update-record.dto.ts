import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { recordFields } from './create-record.dto';

/** Fields given replace what is stored (`metadata` as a whole). */
export class UpdateRecordDto extends createZodDto(z.strictObject(recordFields).partial()) {}
