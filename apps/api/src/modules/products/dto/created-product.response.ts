import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { productSchema } from './product.response';

/** Create answers the product with its (still empty) capabilities and surfaces. */
export class CreatedProductResponse extends createZodDto(
  productSchema.extend({ capabilities: z.array(z.unknown()), surfaces: z.array(z.unknown()) }),
) {}
