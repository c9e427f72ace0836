import { z } from 'zod';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

export const productFields = {
  name: z.string().trim().min(1).max(255),
  description: z.string().max(10_000).nullable().optional(),
  icon: z.string().max(50).nullable().optional(),
  canvas: jsonObject.optional(),
  spec: jsonObject.optional(),
};

export class CreateProductDto extends createZodDto(
  z.strictObject({
    ...productFields,
    slug: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .max(100)
      .nullable()
      .optional(),
    status: z.string().min(1).max(50).optional(),
  }),
) {}
