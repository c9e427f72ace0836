import { z } from 'zod';
import { createZodDto, jsonObject } from '../../../common/zod-dto';

export const recordFields = {
  type: z.string().trim().min(1).max(255),
  name: z.string().trim().min(1).max(500),
  metadata: jsonObject.optional(),
  messages: z.array(z.unknown()).nullable().optional(),
  metadataLabels: z.record(z.string(), z.string()).nullable().optional(),
};

export class CreateRecordDto extends createZodDto(z.strictObject(recordFields)) {}
