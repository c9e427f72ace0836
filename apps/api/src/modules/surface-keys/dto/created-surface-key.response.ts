import { z } from 'zod';
import type { CreatedSurfaceKey } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';
import { surfaceKeySchema, toSurfaceKeyResponse } from './surface-key.response';

/** Create answers the key with its plaintext: the only time it is shown (test/development keys can be revealed). */
export class CreatedSurfaceKeyResponse extends createZodDto(
  surfaceKeySchema.extend({ key: z.string().describe('The plaintext key, shown only in this response') }),
) {}

export function toCreatedSurfaceKeyResponse({ row, key }: CreatedSurfaceKey): CreatedSurfaceKeyResponse {
  const { id, surfaceId, name, ...rest } = toSurfaceKeyResponse(row);
  return { id, surfaceId, name, key, ...rest };
}
