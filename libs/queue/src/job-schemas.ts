import { z } from 'zod';
import { JobName } from './queue-names';

/** Every payload carries the request id of what caused it, for the worker's logs. */
const base = z.object({ requestId: z.string().optional() });

export const JOB_SCHEMAS = {
  /** Drains one batch: several of these (drainers) may work on the same batch at once. */
  [JobName.BatchExecute]: base.extend({ batchId: z.uuid() }),
  [JobName.BatchReconcile]: base.extend({}),
  [JobName.IdempotencyPurge]: base.extend({}),
} as const satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

/** Re-validates a payload read back from Redis: the queue is an untrusted boundary. */
export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOB_SCHEMAS[name].parse(data) as JobPayload<N>;
}
