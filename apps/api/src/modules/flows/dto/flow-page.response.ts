import { pageSchema } from '../../../common/page';
import { createZodDto } from '../../../common/zod-dto';
import { flowSchema } from './flow.response';

export class FlowPageResponse extends createZodDto(pageSchema(flowSchema)) {}
