import { z } from 'zod';
import type { Page } from '@app/core';

export const cursorPaginationSchema = z.object({
  currentOffset: z.number().int(),
  hasMore: z.boolean(),
  hasPrev: z.boolean(),
  limit: z.number().int(),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  currentPage: z.number().int(),
  totalCount: z.number().int().nullable().describe('Only with includeCount=true'),
  totalPages: z.number().int().nullable().describe('Only with includeCount=true'),
});

/** `{ data, pagination }` of spec §3.3 for one item schema. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), pagination: cursorPaginationSchema });
}

export function mapPage<T, R>(
  page: Page<T>,
  map: (row: T) => R,
): { data: R[]; pagination: Page<T>['pagination'] } {
  return { data: page.data.map(map), pagination: page.pagination };
}
