import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { productFields } from './create-product.dto';

/** Partial update; `canvas` and `spec` are deep-merged into the stored objects. */
export class UpdateProductDto extends createZodDto(z.strictObject(productFields).partial()) {}
