import { pageSchema } from '../../../common/page';
import { createZodDto } from '../../../common/zod-dto';
import { surfaceSchema } from './surface.response';

export class SurfacePageResponse extends createZodDto(pageSchema(surfaceSchema)) {}
