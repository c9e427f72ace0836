import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobProducer, JOB_QUEUE } from '@app/queue';

/** Repeatable jobs. Upserting by a fixed scheduler id is idempotent across replicas and restarts. */
const SCHEDULES = [{ job: JobName.IdempotencyPurge, everyMs: 60 * 60 * 1000 }] as const;

@Injectable()
export class JobSchedulesService implements OnApplicationBootstrap {
  constructor(private readonly producer: JobProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { job, everyMs } of SCHEDULES) {
      await this.producer
        .queue(JOB_QUEUE[job])
        .upsertJobScheduler(job, { every: everyMs }, { name: job, data: {} });
    }
  }
}
