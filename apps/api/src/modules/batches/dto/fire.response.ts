import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

export class FireResponse extends createZodDto(
  z.object({
    batchExecutionId: z.string(),
    recordCount: z.number().int(),
    status: z.enum(['queued', 'completed']).describe('`completed` at once when no record matched'),
  }),
) {}
