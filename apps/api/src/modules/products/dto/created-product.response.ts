import { z } from 'zod';
import { TEST_KEY_LIMITS, type CreatedSurfaceKey } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { productDetailSchema } from './product-detail.response';

const testApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    key: z
      .string()
      .describe('The plaintext, shown here once; GET /v1/products/{id}/test-key/reveal shows it again'),
    prefix: z.string().describe('The first 12 characters of the key'),
    limits: z
      .object({ dailyExecutions: z.number().int(), lifetimeExecutions: z.number().int() })
      .describe('Informational: not enforced yet'),
    canRevealLater: z.boolean(),
  })
  .describe('A product-level test key provisioned with the product');

/** Create answers the product with its (still empty) capabilities and surfaces, and its test key. */
export class CreatedProductResponse extends createZodDto(
  productDetailSchema.extend({ testApiKey: testApiKeySchema }),
) {}

export function toTestApiKeyResponse({ row, key }: CreatedSurfaceKey): CreatedProductResponse['testApiKey'] {
  return {
    id: row.id,
    name: row.name ?? '',
    key,
    prefix: row.keyPrefix,
    limits: { ...TEST_KEY_LIMITS },
    canRevealLater: true,
  };
}
