import { z } from 'zod';
import { GENERATION_SESSION_STATUSES, type GenerationSessionRow } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

const jsonOrNull = z.record(z.string(), z.unknown()).nullable();

export const generationSessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  organizationId: z.string().nullable(),
  status: z.enum(GENERATION_SESSION_STATUSES),
  prd: jsonOrNull,
  plan: jsonOrNull,
  productObject: jsonOrNull,
  productObjectHash: z.string().nullable(),
  assemblyState: jsonOrNull,
  catalogVersion: z.string().nullable(),
  schemaVersion: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
});

export class GenerationSessionResponse extends createZodDto(generationSessionSchema) {}

type JsonOrNull = Record<string, unknown> | null;

export function toGenerationSessionResponse(row: GenerationSessionRow): GenerationSessionResponse {
  return {
    id: row.id,
    userId: row.userId,
    organizationId: row.organizationId,
    status: row.status as GenerationSessionResponse['status'],
    prd: row.prd as JsonOrNull,
    plan: row.plan as JsonOrNull,
    productObject: row.productObject as JsonOrNull,
    productObjectHash: row.productObjectHash,
    assemblyState: row.assemblyState as JsonOrNull,
    catalogVersion: row.catalogVersion,
    schemaVersion: row.schemaVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}
