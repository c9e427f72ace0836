import { z } from 'zod';
import type { RecordRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

export const recordSchema = z.object({
  id: z.string(),
  userId: z.string(),
  organizationId: z.string().nullable(),
  type: z.string(),
  name: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  messages: z.array(z.unknown()).nullable(),
  productSurfaceId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  metadataSchema: z.object({ keys: z.array(z.string()) }),
  metadataLabels: z.record(z.string(), z.string()),
});

export class RecordResponse extends createZodDto(recordSchema) {}

export function toRecordResponse(row: RecordRow): RecordResponse {
  const metadata = row.metadata as Record<string, unknown>;
  return {
    id: row.id,
    userId: row.userId,
    organizationId: row.organizationId,
    type: row.type,
    name: row.name,
    metadata,
    messages: row.messages as unknown[] | null,
    productSurfaceId: row.productSurfaceId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    metadataSchema: { keys: Object.keys(metadata) },
    metadataLabels: (row.metadataLabels as Record<string, string> | null) ?? {},
  };
}
