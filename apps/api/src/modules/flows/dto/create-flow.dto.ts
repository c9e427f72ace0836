import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

/** Step configs are checked per step type by the flow engine (400 with a path per problem). */
export const flowStepSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  type: z.string().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
});

export const flowFields = {
  name: z.string().trim().min(1).max(255),
  description: z.string().max(10_000).nullable().optional(),
  steps: z.array(flowStepSchema).min(1).max(100),
};

export class CreateFlowDto extends createZodDto(z.strictObject(flowFields)) {}
