import { z } from 'zod';

/** A DTO class whose shape is a zod schema: the validation pipe parses with it, OpenAPI shows it. */
export interface ZodDtoClass<S extends z.ZodType = z.ZodType> {
  new (): z.output<S>;
  readonly schema: S;
}

export function createZodDto<S extends z.ZodType>(schema: S): ZodDtoClass<S> {
  class ZodDto {
    static readonly schema = schema;
  }
  return ZodDto as unknown as ZodDtoClass<S>;
}

export function isZodDto(value: unknown): value is ZodDtoClass {
  return typeof value === 'function' && (value as Partial<ZodDtoClass>).schema instanceof z.ZodType;
}

/** Numeric query parameters arrive as strings (the docs type them `string`): parse leniently. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The cursor-style list query of spec §3.3. */
export const cursorQuerySchema = z.strictObject({
  limit: queryInt(1, 100, 20),
  cursor: z.string().min(1).optional(),
  direction: z.enum(['next', 'prev']).optional(),
  includeCount: queryBool.optional(),
  search: z.string().trim().min(1).max(200).optional(),
});

/** Free-form JSON object (metadata, canvas, config…). */
export const jsonObject = z.record(z.string(), z.unknown());
