import { z } from 'zod';
import type { ProductRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  icon: z.string().nullable(),
  canvas: z.record(z.string(), z.unknown()),
  spec: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  dashboardUrl: z.string(),
});

export class ProductResponse extends createZodDto(productSchema) {}

export function toProductResponse(row: ProductRow, dashboardBaseUrl: string): ProductResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    icon: row.icon,
    canvas: row.canvas as Record<string, unknown>,
    spec: row.spec as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    dashboardUrl: `${dashboardBaseUrl}/products/${row.id}`,
  };
}
