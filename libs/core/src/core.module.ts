import { Module } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { BatchFiringService } from './batches/batch-firing.service';
import { BatchQueue } from './batches/batch-queue';
import { BatchReconciler } from './batches/batch-reconciler';
import { BatchRunner } from './batches/batch-runner';
import { BatchStore } from './batches/batch-store';
import { BatchesRepository } from './batches/batches.repository';
import { BatchesService } from './batches/batches.service';
import { FlowsRepository } from './flows/flows.repository';
import { FlowsService } from './flows/flows.service';
import { GenerationSessionsRepository } from './generation-sessions/generation-sessions.repository';
import { GenerationSessionsService } from './generation-sessions/generation-sessions.service';
import { IdempotencyRecordsRepository } from './maintenance/idempotency-records.repository';
import { ProductsRepository } from './products/products.repository';
import { ProductsService } from './products/products.service';
import { RecordsRepository } from './records/records.repository';
import { RecordsService } from './records/records.service';
import { SchedulesRepository } from './schedules/schedules.repository';
import { SchedulesService } from './schedules/schedules.service';
import { SurfacesRepository } from './surfaces/surfaces.repository';
import { SurfacesService } from './surfaces/surfaces.service';
import { CapabilitiesRepository } from './capabilities/capabilities.repository';
import { CapabilitiesService } from './capabilities/capabilities.service';
import { SurfaceItemsRepository } from './surface-items/surface-items.repository';
import { SurfaceItemsService } from './surface-items/surface-items.service';
import { ProductOverviewRepository } from './product-overview/product-overview.repository';
import { ProductOverviewService } from './product-overview/product-overview.service';
import { SecretBox } from './common/secret-box';
import { SurfaceKeysRepository } from './surface-keys/surface-keys.repository';
import { SurfaceKeysService } from './surface-keys/surface-keys.service';
import { ProductAssemblyService } from './product-assembly/product-assembly.service';

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
    SchedulesRepository,
    SchedulesService,
    BatchQueue,
    BatchFiringService,
    BatchesRepository,
    BatchesService,
    BatchStore,
    BatchRunner,
    BatchReconciler,
    GenerationSessionsRepository,
    GenerationSessionsService,
    CapabilitiesRepository,
    CapabilitiesService,
    SurfaceItemsRepository,
    SurfaceItemsService,
    {
      provide: SecretBox,
      useFactory: (config: ConfigService) => new SecretBox(config.app.secret),
      inject: [ConfigService],
    },
    SurfaceKeysRepository,
    SurfaceKeysService,
    ProductOverviewRepository,
    ProductOverviewService,
    ProductAssemblyService,
  ],
  exports: [
    ProductsService,
    SurfacesService,
    RecordsService,
    FlowsService,
    RecordsRepository,
    FlowsRepository,
    IdempotencyRecordsRepository,
    SchedulesService,
    BatchFiringService,
    BatchesService,
    BatchRunner,
    BatchReconciler,
    GenerationSessionsService,
    CapabilitiesService,
    SurfaceItemsService,
    SurfaceKeysService,
    ProductOverviewService,
    ProductAssemblyService,
  ],
})
export class CoreModule {}
