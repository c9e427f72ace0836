import { AppError } from './app-error';
import { isUuid } from './ids';

/** Cursor-style list query (spec §3.3). Newest first; ids are UUIDv7, so id order is time order. */
export interface CursorQuery {
  limit: number;
  cursor?: string;
  direction?: 'next' | 'prev';
  includeCount?: boolean;
}

export interface CursorPagination {
  currentOffset: number;
  hasMore: boolean;
  hasPrev: boolean;
  limit: number;
  nextCursor: string | null;
  prevCursor: string | null;
  currentPage: number;
  /** Only computed with `includeCount=true` (a COUNT over a large table is not free). */
  totalCount: number | null;
  totalPages: number | null;
}

export interface Page<T> {
  data: T[];
  pagination: CursorPagination;
}

interface CursorPayload {
  id: string;
  offset: number;
  /** Set on `prevCursor`s so that clients only pass the cursor back. */
  dir?: 'prev';
}

export interface KeysetArgs {
  /** Prisma `where` fragment on `id` for this page, undefined on the first page. */
  idFilter?: { lt: string } | { gt: string };
  orderBy: { id: 'asc' | 'desc' };
  take: number;
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPayload {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPayload>;
    if (
      typeof parsed.id === 'string' &&
      isUuid(parsed.id) &&
      Number.isInteger(parsed.offset) &&
      (parsed.offset as number) >= 0
    ) {
      return {
        id: parsed.id,
        offset: parsed.offset as number,
        dir: parsed.dir === 'prev' ? 'prev' : undefined,
      };
    }
  } catch {
    // fall through to the 400 below
  }
  throw AppError.validation('Invalid cursor', [
    { path: 'cursor', message: 'Not a cursor returned by this API' },
  ]);
}

/**
 * Keyset pagination over `id`. `fetch` runs the tenant-scoped query with the given id filter,
 * order and take; `count` is only called when the caller asked for a count.
 */
export async function paginate<T extends { id: string }>(
  query: CursorQuery,
  fetch: (args: KeysetArgs) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const { limit } = query;
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const backwards =
    cursor !== undefined && (query.direction ?? (cursor.dir === 'prev' ? 'prev' : 'next')) === 'prev';

  const rows = await fetch({
    idFilter: cursor ? (backwards ? { gt: cursor.id } : { lt: cursor.id }) : undefined,
    orderBy: { id: backwards ? 'asc' : 'desc' },
    take: limit + 1,
  });
  const overflow = rows.length > limit;
  const data = overflow ? rows.slice(0, limit) : rows;
  if (backwards) data.reverse();

  // A prev cursor carries the offset of the page it was taken from; a next cursor the offset
  // of the first row after it.
  const currentOffset = backwards ? Math.max(0, cursor.offset - data.length) : (cursor?.offset ?? 0);
  const hasMore = backwards ? true : overflow;
  const hasPrev = backwards ? overflow : currentOffset > 0;
  const totalCount = query.includeCount ? await count() : null;

  return {
    data,
    pagination: {
      currentOffset,
      hasMore: hasMore && data.length > 0,
      hasPrev: hasPrev && data.length > 0,
      limit,
      nextCursor:
        hasMore && data.length > 0
          ? encodeCursor({ id: data[data.length - 1].id, offset: currentOffset + data.length })
          : null,
      prevCursor:
        hasPrev && data.length > 0
          ? encodeCursor({ id: data[0].id, offset: currentOffset, dir: 'prev' })
          : null,
      currentPage: Math.floor(currentOffset / limit) + 1,
      totalCount,
      totalPages: totalCount === null ? null : Math.max(1, Math.ceil(totalCount / limit)),
    },
  };
}
