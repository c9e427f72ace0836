import { Module } from '@nestjs/common';
import { ConfigModule, LoggingModule } from '@app/config';
import { CoreModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { JobSchedulesService } from './jobs/job-schedules.service';
import { BatchesProcessor } from './processors/batches.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { WorkerHttpService } from './worker-http.service';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, QueueModule, CoreModule],
  providers: [BatchesProcessor, MaintenanceProcessor, JobSchedulesService, WorkerHttpService],
})
export class WorkerModule {}
