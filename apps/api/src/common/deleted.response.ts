import { z } from 'zod';
import { createZodDto } from './zod-dto';

/** Body of every DELETE: what was deleted. */
export class DeletedResponse extends createZodDto(z.object({ id: z.string(), deleted: z.literal(true) })) {}

export function deleted(id: string): DeletedResponse {
  return { id, deleted: true };
}
