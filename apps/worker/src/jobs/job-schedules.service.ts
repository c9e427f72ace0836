import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { JobName, JobProducer, JOB_QUEUE } from '@app/queue';

@Injectable()
export class JobSchedulesService implements OnApplicationBootstrap {
  constructor(
    private readonly producer: JobProducer,
    private readonly config: ConfigService,
  ) {}

  /** Repeatable jobs. Upserting by a fixed scheduler id is idempotent across replicas and restarts. */
  async onApplicationBootstrap(): Promise<void> {
    const schedules = [
      { job: JobName.BatchReconcile, everyMs: this.config.worker.reconcileIntervalMs },
      { job: JobName.IdempotencyPurge, everyMs: 60 * 60 * 1000 },
    ];
    for (const { job, everyMs } of schedules) {
      await this.producer
        .queue(JOB_QUEUE[job])
        .upsertJobScheduler(job, { every: everyMs }, { name: job, data: {} });
    }
  }
}
