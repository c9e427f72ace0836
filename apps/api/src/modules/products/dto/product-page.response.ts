import { pageSchema } from '../../../common/page';
import { createZodDto } from '../../../common/zod-dto';
import { productSchema } from './product.response';

export class ProductPageResponse extends createZodDto(pageSchema(productSchema)) {}
