export { QueueModule } from './queue.module';
export { JobProducer } from './job-producer';
export { RedisHealth } from './redis-health';
export { JOB_QUEUE, JobName, QueueName, type JobsOf } from './queue-names';
export { JOB_SCHEMAS, parseJobPayload, type JobPayload } from './job-schemas';
