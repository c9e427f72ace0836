import { z } from 'zod';
import type { SurfaceKeyRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

/** A key as returned embedded in a surface (GET surface, GET product): never the plaintext. */
export const surfaceKeySchema = z.object({
  id: z.string(),
  surfaceId: z.string().nullable(),
  name: z.string().nullable(),
  keyPrefix: z.string().describe('The first 12 characters of the key'),
  keyHint: z.string().nullable().describe('`…` and the last 4 characters of the key'),
  scopes: z.array(z.string()),
  rateLimitPerMinute: z.number().int().nullable(),
  rateLimitPerDay: z.number().int().nullable(),
  expiresAt: z.string().nullable(),
  isActive: z.boolean(),
  environment: z.string(),
  createdAt: z.string(),
});

export class SurfaceKeyResponse extends createZodDto(surfaceKeySchema) {}

export function toSurfaceKeyResponse(row: SurfaceKeyRow): SurfaceKeyResponse {
  return {
    id: row.id,
    surfaceId: row.surfaceId,
    name: row.name,
    keyPrefix: row.keyPrefix,
    keyHint: row.keyHint,
    scopes: row.scopes,
    rateLimitPerMinute: row.rateLimitPerMinute,
    rateLimitPerDay: row.rateLimitPerDay,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    isActive: row.isActive,
    environment: row.environment,
    createdAt: row.createdAt.toISOString(),
  };
}
