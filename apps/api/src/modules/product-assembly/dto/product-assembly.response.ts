import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { CreatedProductResponse } from '../../products/dto/created-product.response';
import { productDetailSchema } from '../../products/dto/product-detail.response';

const issueSchema = z.object({
  path: z.string().describe('JSON path in `a[0].b` notation, e.g. `capabilities[2].flow.steps[0].type`'),
  message: z.string(),
  code: z.string(),
});

export class FpoValidationResponse extends createZodDto(
  z.object({ valid: z.boolean(), errors: z.array(issueSchema) }),
) {}

const mappingSchema = z.object({ fpoId: z.string(), id: z.string() });

export class AssembledProductResponse extends createZodDto(
  z.object({
    product: productDetailSchema.describe('As GET /v1/products/{id} returns it'),
    flows: z.array(mappingSchema).describe('Inline flows; fpoId is the id of the capability that owns it'),
    capabilities: z.array(mappingSchema),
    surfaces: z.array(mappingSchema),
    schedules: z.array(mappingSchema),
    testApiKey: CreatedProductResponse.schema.shape.testApiKey,
  }),
) {}
