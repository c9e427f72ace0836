import { fpoSchema } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

/**
 * For OpenAPI only: the controller takes the body raw (typed `unknown`, so the global pipe leaves
 * it alone) because validate answers shape problems as `{ valid: false, errors }` and assemble
 * lists shape and cross-reference problems together in one 400.
 */
export class FpoBody extends createZodDto(fpoSchema) {}
