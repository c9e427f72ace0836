/** `contains` becomes an ILIKE pattern that Prisma does not escape: search is literal text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Case-insensitive, literal substring match on a name column; undefined matches everything. */
export function nameContains(search: string | undefined) {
  return search ? { contains: escapeLike(search), mode: 'insensitive' as const } : undefined;
}
