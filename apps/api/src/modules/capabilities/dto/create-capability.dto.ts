import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

const flowId = z.guid('Invalid UUID').transform((value) => value.toLowerCase());

export const capabilityFields = {
  capabilityName: z.string().trim().min(1).max(100),
  capabilityDescription: z.string().max(10_000).nullable(),
  parametersSchema: z.unknown().describe('Any JSON value (a JSON Schema), or null'),
  enabled: z.boolean().describe('Default true'),
};

/** Exactly one of `flowId` / `agentId`; an empty string (as in the spec example) counts as absent. */
export class CreateCapabilityDto extends createZodDto(
  z.strictObject({
    ...capabilityFields,
    capabilityDescription: capabilityFields.capabilityDescription.optional(),
    parametersSchema: capabilityFields.parametersSchema.optional(),
    enabled: capabilityFields.enabled.optional(),
    flowId: z
      .union([z.literal(''), flowId])
      .nullable()
      .optional()
      .describe('A flow of the caller; exactly one of flowId/agentId ("" counts as absent)'),
    agentId: z
      .string()
      .trim()
      .max(255)
      .nullable()
      .optional()
      .describe('Exactly one of flowId/agentId ("" counts as absent)'),
  }),
) {}
