import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { SurfacesController } from './surfaces.controller';

@Module({ imports: [CoreModule], controllers: [SurfacesController] })
export class SurfacesModule {}
