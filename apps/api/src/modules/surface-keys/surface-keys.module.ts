import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ProductTestKeyController } from './product-test-key.controller';
import { SurfaceKeysController } from './surface-keys.controller';

@Module({ imports: [CoreModule], controllers: [SurfaceKeysController, ProductTestKeyController] })
export class SurfaceKeysModule {}
