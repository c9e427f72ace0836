import { createZodDto, cursorQuerySchema } from './zod-dto';

export class ListQueryDto extends createZodDto(cursorQuerySchema) {}
