import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { BatchesController } from './batches.controller';

@Module({ imports: [CoreModule], controllers: [BatchesController] })
export class BatchesModule {}
