import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { SurfaceItemsController } from './surface-items.controller';

@Module({ imports: [CoreModule], controllers: [SurfaceItemsController] })
export class SurfaceItemsModule {}
