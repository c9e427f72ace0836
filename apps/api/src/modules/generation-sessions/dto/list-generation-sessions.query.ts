import { z } from 'zod';
import { GENERATION_SESSION_STATUSES } from '@app/core';
import { createZodDto, queryInt } from '../../../common/zod-dto';

/** Offset paging, as the spec shows for this list (`{limit, offset, total}`). */
export class ListGenerationSessionsQuery extends createZodDto(
  z.strictObject({
    limit: queryInt(1, 100, 20),
    offset: queryInt(0, 10_000_000, 0),
    status: z.enum(GENERATION_SESSION_STATUSES).optional(),
  }),
) {}
