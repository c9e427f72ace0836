/**
 * Queue names. Renaming a queue strands the jobs already in Redis under the old name: add a
 * new queue and drain the old one instead.
 */
export enum QueueName {
  Maintenance = 'maintenance',
}

/** Job names, `<noun>.<verb>`. Each has exactly one payload schema and one handler. */
export enum JobName {
  IdempotencyPurge = 'idempotency.purge',
}

/** Which queue carries each job. */
export const JOB_QUEUE = {
  [JobName.IdempotencyPurge]: QueueName.Maintenance,
} as const satisfies Record<JobName, QueueName>;

/** The job names carried by queue Q: a processor's handler map must cover exactly these. */
export type JobsOf<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never;
}[JobName];
