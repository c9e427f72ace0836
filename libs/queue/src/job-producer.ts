import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { JOB_SCHEMAS, type JobPayload } from './job-schemas';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

/** The only way services put work on a queue: the payload is validated against its job's schema. */
@Injectable()
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: JobsOptions): Promise<void> {
    const data = JOB_SCHEMAS[name].parse(payload);
    await this.queue(JOB_QUEUE[name]).add(name, data, options);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, queue);
    }
    return queue;
  }
}
