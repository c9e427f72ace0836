import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { SchedulesController } from './schedules.controller';

@Module({ imports: [CoreModule], controllers: [SchedulesController] })
export class SchedulesModule {}
