import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { FlowsController } from './flows.controller';

@Module({ imports: [CoreModule], controllers: [FlowsController] })
export class FlowsModule {}
