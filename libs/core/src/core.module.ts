import { Module } from '@nestjs/common';
import { FlowsRepository } from './flows/flows.repository';
import { FlowsService } from './flows/flows.service';
import { IdempotencyRecordsRepository } from './maintenance/idempotency-records.repository';
import { ProductsRepository } from './products/products.repository';
import { ProductsService } from './products/products.service';
import { RecordsRepository } from './records/records.repository';
import { RecordsService } from './records/records.service';
import { SurfacesRepository } from './surfaces/surfaces.repository';
import { SurfacesService } from './surfaces/surfaces.service';

/** Domain services shared by the api and the worker. */
@Module({
  providers: [
    ProductsRepository,
    ProductsService,
    SurfacesRepository,
    SurfacesService,
    RecordsRepository,
    RecordsService,
    FlowsRepository,
    FlowsService,
    IdempotencyRecordsRepository,
  ],
  exports: [
    ProductsService,
    SurfacesService,
    RecordsService,
    FlowsService,
    RecordsRepository,
    FlowsRepository,
    IdempotencyRecordsRepository,
  ],
})
export class CoreModule {}
