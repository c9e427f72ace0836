import { z } from 'zod';
import { createZodDto, queryInt } from '../../../common/zod-dto';

export class BatchResultsQuery extends createZodDto(
  z.strictObject({
    limit: queryInt(1, 500, 50),
    offset: queryInt(0, 10_000_000, 0),
    // `success` is how one docs page spells `completed`.
    status: z
      .enum(['pending', 'running', 'completed', 'success', 'failed', 'cancelled'])
      .transform((status) => (status === 'success' ? 'completed' : status))
      .optional(),
  }),
) {}
