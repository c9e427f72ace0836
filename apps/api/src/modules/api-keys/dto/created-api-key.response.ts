import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';
import { apiKeySchema } from './api-key.response';

export class CreatedApiKeyResponse extends createZodDto(
  apiKeySchema.extend({ key: z.string().describe('The plaintext key. Shown only in this response.') }),
) {}
