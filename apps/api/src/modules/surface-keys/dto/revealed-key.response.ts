import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

/** The plaintext of a development/test key. */
export class RevealedKeyResponse extends createZodDto(z.object({ id: z.string(), key: z.string() })) {}
