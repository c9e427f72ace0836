import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { CapabilitiesController } from './capabilities.controller';

@Module({ imports: [CoreModule], controllers: [CapabilitiesController] })
export class CapabilitiesModule {}
