import { z } from 'zod';
import { createZodDto, cursorQuerySchema } from '../../../common/zod-dto';

export class ListRecordsQuery extends createZodDto(
  cursorQuerySchema.extend({ type: z.string().trim().min(1).max(255).optional() }),
) {}
