import { z } from 'zod';
import { EMBEDDED_SURFACES_MAX, type ProductDetailRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { capabilitySchema, toCapabilityResponse } from '../../capabilities/dto/capability.response';
import { surfaceSchema, toSurfaceResponse } from '../../surfaces/dto/surface.response';
import { productSchema, toProductResponse } from './product.response';

export const productDetailSchema = productSchema.extend({
  capabilities: z.array(capabilitySchema).describe('By displayOrder'),
  surfaces: z
    .array(surfaceSchema)
    .describe(
      `With their items and keys; the first ${EMBEDDED_SURFACES_MAX} by creation ` +
        '(all of them: GET /v1/products/{id}/surfaces)',
    ),
});

/** A product with its capabilities and surfaces (get; create answers them empty). */
export class ProductDetailResponse extends createZodDto(productDetailSchema) {}

export function toProductDetailResponse(
  row: ProductDetailRow,
  dashboardBaseUrl: string,
): ProductDetailResponse {
  return {
    ...toProductResponse(row, dashboardBaseUrl),
    capabilities: row.capabilities.map(toCapabilityResponse),
    surfaces: row.surfaces.map(toSurfaceResponse),
  };
}
