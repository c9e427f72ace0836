import { z } from 'zod';
import type { SurfaceDetailRow, SurfaceRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { surfaceItemSchema, toSurfaceItemResponse } from '../../surface-items/dto/surface-item.response';
import { surfaceKeySchema, toSurfaceKeyResponse } from '../../surface-keys/dto/surface-key.response';

export const surfaceSchema = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  environment: z.string(),
  config: z.unknown().nullable(),
  behavior: z.unknown().nullable(),
  inbound: z.record(z.string(), z.unknown()).nullable(),
  outbound: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.array(surfaceItemSchema).optional(),
  keys: z.array(surfaceKeySchema).optional(),
});

export class SurfaceResponse extends createZodDto(surfaceSchema) {}

export function toSurfaceResponse(row: SurfaceRow | SurfaceDetailRow): SurfaceResponse {
  const base: SurfaceResponse = {
    id: row.id,
    productId: row.productId,
    name: row.name,
    type: row.type,
    status: row.status,
    environment: row.environment,
    config: row.config,
    behavior: row.behavior,
    inbound: row.inbound as Record<string, unknown> | null,
    outbound: row.outbound as Record<string, unknown> | null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (!('items' in row)) return base;
  return {
    ...base,
    items: row.items.map(toSurfaceItemResponse),
    keys: row.keys.map(toSurfaceKeyResponse),
  };
}
