import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { surfaceFields } from './create-surface.dto';

/** Partial update; `type` cannot change; `behavior` is shallow-merged. */
export class UpdateSurfaceDto extends createZodDto(z.strictObject(surfaceFields).partial()) {}
