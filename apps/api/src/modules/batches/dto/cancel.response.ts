import { z } from 'zod';
import { createZodDto } from '../../../common/zod-dto';

export class CancelResponse extends createZodDto(z.object({ message: z.string(), success: z.boolean() })) {}
