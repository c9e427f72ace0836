/**
 * Queue names. Renaming a queue strands the jobs already in Redis under the old name: add a
 * new queue and drain the old one instead.
 */
export enum QueueName {
  Batches = 'batches',
  Maintenance = 'maintenance',
}

/** Job names, `<noun>.<verb>`. Each has exactly one payload schema and one handler. */
export enum JobName {
  BatchExecute = 'batch.execute',
  BatchReconcile = 'batch.reconcile',
  IdempotencyPurge = 'idempotency.purge',
}

/** Which queue carries each job. */
export const JOB_QUEUE = {
  [JobName.BatchExecute]: QueueName.Batches,
  [JobName.BatchReconcile]: QueueName.Maintenance,
  [JobName.IdempotencyPurge]: QueueName.Maintenance,
} as const satisfies Record<JobName, QueueName>;

/** The job names carried by queue Q: a processor's handler map must cover exactly these. */
export type JobsOf<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never;
}[JobName];
