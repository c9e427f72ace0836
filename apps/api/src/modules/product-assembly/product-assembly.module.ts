import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ProductAssemblyController } from './product-assembly.controller';

@Module({ imports: [CoreModule], controllers: [ProductAssemblyController] })
export class ProductAssemblyModule {}
