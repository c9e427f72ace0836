import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { GenerationSessionsController } from './generation-sessions.controller';

@Module({ imports: [CoreModule], controllers: [GenerationSessionsController] })
export class GenerationSessionsModule {}
