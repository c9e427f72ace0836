import { z } from 'zod';

/**
 * The record filter of a schedule (spec §6.0): `{ type, where }`, `where` being one condition
 * `{ field, op, value }` or an `{ and: [...] }` / `{ or: [...] }` group of them. `field` is a
 * top-level column (`id`, `name`, `createdAt`, `updatedAt`) or a top-level metadata key written
 * bare. The docs list no operators; these are ours. Structure only: the batch pipeline compiles
 * it to SQL (with parameters, so `field` and `value` are never trusted text).
 */
export const RECORD_FILTER_OPS = ['eq', 'neq', 'in', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export type RecordFilterOp = (typeof RECORD_FILTER_OPS)[number];

/** `where` counts as level 1; every group adds one. */
export const RECORD_FILTER_MAX_DEPTH = 5;
export const RECORD_FILTER_MAX_CHILDREN = 100;
export const RECORD_FILTER_MAX_IN_VALUES = 1000;

export type RecordFilterScalar = string | number | boolean | null;

export type RecordFilterCondition =
  | { field: string; op: 'eq' | 'neq'; value: RecordFilterScalar }
  | { field: string; op: 'in'; value: RecordFilterScalar[] }
  | { field: string; op: 'contains'; value: string }
  | { field: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: string | number }
  /** `value` false matches records where the field is absent; default true. */
  | { field: string; op: 'exists'; value?: boolean };

export type RecordFilterGroup = { and: RecordFilterWhere[] } | { or: RecordFilterWhere[] };
export type RecordFilterWhere = RecordFilterCondition | RecordFilterGroup;

export interface RecordFilter {
  type: string;
  where: RecordFilterWhere;
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const stringOrNumber = z.union([z.string(), z.number()]);

/** What `value` must be for each operator, and how to say so. */
const VALUE_BY_OP: Record<RecordFilterOp, { schema: z.ZodType; expected: string }> = {
  eq: { schema: scalar, expected: 'a string, number, boolean or null' },
  neq: { schema: scalar, expected: 'a string, number, boolean or null' },
  in: {
    schema: z.array(scalar).min(1).max(RECORD_FILTER_MAX_IN_VALUES),
    expected: `an array of 1 to ${RECORD_FILTER_MAX_IN_VALUES} strings, numbers, booleans or nulls`,
  },
  contains: { schema: z.string(), expected: 'a string' },
  gt: { schema: stringOrNumber, expected: 'a string or a number' },
  gte: { schema: stringOrNumber, expected: 'a string or a number' },
  lt: { schema: stringOrNumber, expected: 'a string or a number' },
  lte: { schema: stringOrNumber, expected: 'a string or a number' },
  exists: { schema: z.boolean().optional(), expected: 'a boolean (or nothing)' },
};

interface NodeShape {
  field?: string;
  op?: RecordFilterOp;
  value?: unknown;
  and?: NodeShape[];
  or?: NodeShape[];
}

/*
 * One object schema with every key optional, the shape checked afterwards: a union of
 * condition | and-group | or-group would report "Invalid input" at the node instead of naming
 * the bad key (`where.op`, `where.and.1.field`).
 */
const nodeSchema: z.ZodType<NodeShape> = z
  .strictObject({
    field: z.string().trim().min(1).max(255).optional(),
    op: z.enum(RECORD_FILTER_OPS).optional(),
    value: z.unknown().optional(),
    get and() {
      return z.array(nodeSchema).min(1).max(RECORD_FILTER_MAX_CHILDREN).optional();
    },
    get or() {
      return z.array(nodeSchema).min(1).max(RECORD_FILTER_MAX_CHILDREN).optional();
    },
  })
  .superRefine((node, ctx) => {
    const groupKeys = (['and', 'or'] as const).filter((key) => node[key] !== undefined);
    const conditionKeys = (['field', 'op', 'value'] as const).filter((key) => key in node);
    if (groupKeys.length > 0) {
      if (groupKeys.length > 1)
        ctx.addIssue({ code: 'custom', path: ['or'], message: 'A group is either `and` or `or`, not both' });
      for (const key of conditionKeys)
        ctx.addIssue({ code: 'custom', path: [key], message: 'Not allowed in an and/or group' });
      return;
    }
    if (node.field === undefined)
      ctx.addIssue({ code: 'custom', path: ['field'], message: 'Required (or an `and`/`or` group)' });
    if (node.op === undefined) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: 'Required (or an `and`/`or` group)' });
      return;
    }
    const { schema, expected } = VALUE_BY_OP[node.op];
    if (!schema.safeParse(node.value).success)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `\`${node.op}\` needs ${expected}` });
  });

function depthOf(node: NodeShape): number {
  const children = node.and ?? node.or;
  return children ? 1 + Math.max(0, ...children.map(depthOf)) : 1;
}

export const recordFilterSchema = z
  .strictObject({
    type: z.string().trim().min(1).max(255),
    where: nodeSchema,
  })
  .superRefine((filter, ctx) => {
    if (depthOf(filter.where) > RECORD_FILTER_MAX_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['where'],
        message: `Groups nest at most ${RECORD_FILTER_MAX_DEPTH} levels deep`,
      });
    }
  }) as unknown as z.ZodType<RecordFilter>;
