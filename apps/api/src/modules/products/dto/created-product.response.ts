import { createZodDto } from '../../../common/zod-dto';
import { productDetailSchema } from './product-detail.response';

/** Create answers the product with its (still empty) capabilities and surfaces. */
export class CreatedProductResponse extends createZodDto(productDetailSchema) {}
