import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { surfaceItemFields } from './create-surface-item.dto';

/** Partial update; `config` is deep-merged into what is stored, the rest (`presentation` too) replaces. */
export class UpdateSurfaceItemDto extends createZodDto(z.strictObject(surfaceItemFields).partial()) {}
