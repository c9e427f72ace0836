import { Prisma } from '@app/database';
import { AppError } from '../common/app-error';
import { escapeLike } from '../common/search';

/** A record filter (spec §6.0): conditions on columns or bare metadata keys, in and/or groups. */
export type FilterNode =
  { field: string; op: string; value?: unknown } | { and: FilterNode[] } | { or: FilterNode[] };

export interface RecordFilterInput {
  type?: string;
  where?: FilterNode;
}

/** The frozen record source of a batch, after precedence `recordIds` → `recordFilter` → `recordType`. */
export type Selection =
  { recordIds: string[] } | { recordFilter: RecordFilterInput } | { recordType: string };

export interface SelectionSource {
  recordIds?: string[] | null;
  recordFilter?: unknown;
  recordType?: string | null;
}

export function selectionOf(source: SelectionSource): Selection | null {
  if (source.recordIds && source.recordIds.length > 0) return { recordIds: [...new Set(source.recordIds)] };
  if (source.recordFilter) return { recordFilter: source.recordFilter as RecordFilterInput };
  if (source.recordType) return { recordType: source.recordType };
  return null;
}

const COLUMNS: Record<string, Prisma.Sql> = {
  id: Prisma.sql`r.id`,
  name: Prisma.sql`r.name`,
  type: Prisma.sql`r.type`,
  createdAt: Prisma.sql`r.created_at`,
  updatedAt: Prisma.sql`r.updated_at`,
};

/**
 * The WHERE clause (over `records r`) of a selection for one tenant, excluding records created
 * after the batch's cutoff. Everything user-supplied is a bound parameter.
 */
export function selectionWhere(selection: Selection, tenantId: string, cutoff: Date): Prisma.Sql {
  const base = Prisma.sql`r.tenant_id = ${tenantId} AND r.created_at <= ${cutoff}`;
  if ('recordIds' in selection) return Prisma.sql`${base} AND r.id = ANY(${selection.recordIds}::uuid[])`;
  if ('recordType' in selection) return Prisma.sql`${base} AND r.type = ${selection.recordType}`;
  const { type, where } = selection.recordFilter;
  const byType = type ? Prisma.sql` AND r.type = ${type}` : Prisma.empty;
  const condition = where ? Prisma.sql` AND (${compile(where, 0)})` : Prisma.empty;
  return Prisma.sql`${base}${byType}${condition}`;
}

function compile(node: FilterNode, depth: number): Prisma.Sql {
  if (depth > 5) throw filterError('Filter groups nest too deeply');
  if ('and' in node || 'or' in node) {
    const [joiner, children] = 'and' in node ? [' AND ', node.and] : [' OR ', node.or];
    if (!Array.isArray(children) || children.length === 0) return Prisma.sql`TRUE`;
    return Prisma.sql`(${Prisma.join(
      children.map((child) => compile(child, depth + 1)),
      joiner,
    )})`;
  }
  const column = COLUMNS[node.field];
  return column ? columnCondition(column, node) : metadataCondition(node.field, node);
}

function columnCondition(
  column: Prisma.Sql,
  { field, op, value }: { field: string; op: string; value?: unknown },
) {
  const typed = (v: unknown) =>
    field === 'createdAt' || field === 'updatedAt' ? new Date(String(v)) : String(v);
  switch (op) {
    case 'eq':
      return Prisma.sql`${column} = ${typed(value)}`;
    case 'neq':
      return Prisma.sql`${column} <> ${typed(value)}`;
    case 'in':
      return Prisma.sql`${column}::text = ANY(${asArray(value).map(String)}::text[])`;
    case 'contains':
      return Prisma.sql`${column}::text ILIKE ${`%${escapeLike(String(value))}%`}`;
    case 'gt':
      return Prisma.sql`${column} > ${typed(value)}`;
    case 'gte':
      return Prisma.sql`${column} >= ${typed(value)}`;
    case 'lt':
      return Prisma.sql`${column} < ${typed(value)}`;
    case 'lte':
      return Prisma.sql`${column} <= ${typed(value)}`;
    case 'exists':
      return value === false ? Prisma.sql`FALSE` : Prisma.sql`TRUE`;
    default:
      throw filterError(`Unknown operator "${op}"`);
  }
}

/** Bare keys address top-level metadata; equality uses `@>` so the GIN index serves it. */
function metadataCondition(key: string, { op, value }: { op: string; value?: unknown }): Prisma.Sql {
  const json = (v: unknown) => JSON.stringify(v ?? null);
  const element = Prisma.sql`(r.metadata -> ${key})`;
  const compare = (operator: Prisma.Sql) =>
    typeof value === 'number'
      ? Prisma.sql`(CASE WHEN jsonb_typeof(${element}) = 'number' THEN (r.metadata ->> ${key})::numeric END) ${operator} ${value}`
      : Prisma.sql`(r.metadata ->> ${key}) ${operator} ${String(value)}`;
  switch (op) {
    case 'eq':
      return Prisma.sql`r.metadata @> jsonb_build_object(${key}::text, ${json(value)}::jsonb)`;
    case 'neq':
      return Prisma.sql`${element} IS DISTINCT FROM ${json(value)}::jsonb`;
    case 'in':
      return Prisma.sql`${element} IN (SELECT jsonb_array_elements(${json(asArray(value))}::jsonb))`;
    case 'contains':
      return Prisma.sql`(CASE jsonb_typeof(${element})
        WHEN 'array' THEN ${element} @> jsonb_build_array(${json(value)}::jsonb)
        WHEN 'string' THEN (r.metadata ->> ${key}) ILIKE ${`%${escapeLike(String(value))}%`}
        ELSE FALSE END)`;
    case 'gt':
      return compare(Prisma.sql`>`);
    case 'gte':
      return compare(Prisma.sql`>=`);
    case 'lt':
      return compare(Prisma.sql`<`);
    case 'lte':
      return compare(Prisma.sql`<=`);
    case 'exists':
      return value === false ? Prisma.sql`NOT (r.metadata ? ${key})` : Prisma.sql`(r.metadata ? ${key})`;
    default:
      throw filterError(`Unknown operator "${op}"`);
  }
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw filterError('The "in" operator needs an array value');
  return value;
}

function filterError(message: string): AppError {
  return AppError.validation('Invalid record filter', [{ path: 'recordFilter', message }]);
}
