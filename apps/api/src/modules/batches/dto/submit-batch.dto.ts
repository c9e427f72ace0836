import { z } from 'zod';
import { scheduleExecutionOptionsSchema } from '@app/core';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

export class SubmitBatchDto extends createZodDto(
  z.strictObject({
    flowId: z.uuid(),
    recordIds: z.array(z.uuid()).min(1).max(100_000),
    options: scheduleExecutionOptionsSchema.optional(),
    inputs: jsonObject.optional(),
  }),
) {}
