import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '@app/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id can name nothing the caller owns: it is a 404 like any unknown id. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource = 'Resource') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw AppError.notFound(this.resource);
    return value.toLowerCase();
  }
}
