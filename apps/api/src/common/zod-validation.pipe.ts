import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { AppError, type FieldIssue } from '@app/core';
import { isZodDto } from './zod-dto';

/**
 * Global pipe: every body, query or param typed with a zod DTO is parsed with its schema.
 * Unknown fields are rejected because the schemas are strict objects.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!isZodDto(metadata.metatype)) return value;
    const result = metadata.metatype.schema.safeParse(value);
    if (result.success) return result.data;
    const where = metadata.type === 'body' ? 'body' : metadata.type === 'query' ? 'query string' : 'path';
    throw AppError.validation(`Invalid request ${where}`, toFieldIssues(result.error));
  }
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String);
    // One issue per unknown field, located at the field itself.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        message: 'Unknown field',
        code: issue.code,
      }));
    }
    return [{ path: path.join('.') || '(root)', message: issue.message, code: issue.code }];
  });
}
