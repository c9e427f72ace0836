import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { RecordsController } from './records.controller';

@Module({ imports: [CoreModule], controllers: [RecordsController] })
export class RecordsModule {}
