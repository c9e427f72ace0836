import { z } from 'zod';
import { CLEANUP_PREVIEW_IDS_MAX, type CleanupPreviewWithNotes } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

const counted = z.object({ count: z.number().int() });
const countedIds = counted.extend({
  ids: z.array(z.string()).describe(`The first ${CLEANUP_PREVIEW_IDS_MAX} by creation; count is exact`),
});

export const cleanupPreviewSchema = z.object({
  productId: z.string(),
  removes: z
    .object({
      capabilities: countedIds,
      surfaces: countedIds,
      surfaceItems: counted,
      surfaceKeys: counted.describe("The product's keys (including its test key) and its surfaces' keys"),
      schedules: countedIds.describe("The schedules of the product's surfaces"),
      scheduleRuns: counted,
    })
    .describe('Deleted by DELETE /v1/products/{id}, in one transaction'),
  keeps: z
    .object({
      flows: countedIds.describe("Flows referenced by the product's capabilities or schedules"),
      records: counted.describe("Records whose productSurfaceId is one of the product's surfaces"),
      batchExecutions: counted.describe("Batches of the product's schedules (readable by id afterwards)"),
    })
    .describe('Left in place'),
  notes: z.array(z.string()),
});

export class CleanupPreviewResponse extends createZodDto(cleanupPreviewSchema) {}

export function toCleanupPreviewResponse(preview: CleanupPreviewWithNotes): CleanupPreviewResponse {
  return {
    productId: preview.productId,
    removes: preview.removes,
    keeps: preview.keeps,
    notes: preview.notes,
  };
}
