import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ProductsController } from './products.controller';

@Module({ imports: [CoreModule], controllers: [ProductsController] })
export class ProductsModule {}
