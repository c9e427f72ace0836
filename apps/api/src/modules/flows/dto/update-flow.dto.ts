import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { flowFields } from './create-flow.dto';

/** Partial update; new `steps` replace the old ones and bump `version`. */
export class UpdateFlowDto extends createZodDto(z.strictObject(flowFields).partial()) {}
