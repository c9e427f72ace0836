import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ProductOverviewController } from './product-overview.controller';

@Module({ imports: [CoreModule], controllers: [ProductOverviewController] })
export class ProductOverviewModule {}
