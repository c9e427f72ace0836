import { createZodDto } from '../../../common/zod-dto';
import { pageSchema } from '../../../common/page';
import { apiKeySchema } from './api-key.response';

export class ApiKeyPageResponse extends createZodDto(pageSchema(apiKeySchema)) {}
