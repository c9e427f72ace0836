import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError, isUuid } from '@app/core';

/** A malformed id can name nothing the caller owns: it is a 404 like any unknown id. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource = 'Resource') {}

  transform(value: string): string {
    if (!isUuid(value)) throw AppError.notFound(this.resource);
    return value.toLowerCase();
  }
}
