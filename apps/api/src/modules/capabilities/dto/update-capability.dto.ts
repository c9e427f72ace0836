import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { capabilityFields } from './create-capability.dto';

/** Partial update; `refreshSchema` re-derives `parametersSchema` from the flow. */
export class UpdateCapabilityDto extends createZodDto(
  z
    .strictObject({
      ...capabilityFields,
      refreshSchema: z
        .boolean()
        .describe(
          'Replace parametersSchema with `{type: "object", properties: {<x>: {}, …}, required: []}`, ' +
            'one property per `inputs.<x>` the flow’s steps reference (in order of first use). ' +
            '400 for an agent capability or when its flow is gone; not combinable with parametersSchema.',
        ),
    })
    .partial(),
) {}
