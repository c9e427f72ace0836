import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { ConfigModule, LoggingModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { ApiKeysHttpModule } from './modules/api-keys/api-keys-http.module';
import { AuthHttpModule } from './modules/auth/auth.module';
import { BatchesModule } from './modules/batches/batches.module';
import { FlowsModule } from './modules/flows/flows.module';
import { GenerationSessionsModule } from './modules/generation-sessions/generation-sessions.module';
import { HealthModule } from './modules/health/health.module';
import { ProductsModule } from './modules/products/products.module';
import { RecordsModule } from './modules/records/records.module';
import { SchedulesModule } from './modules/schedules/schedules.module';
import { SurfacesModule } from './modules/surfaces/surfaces.module';
import { CapabilitiesModule } from './modules/capabilities/capabilities.module';
import { SurfaceItemsModule } from './modules/surface-items/surface-items.module';
import { SurfaceKeysModule } from './modules/surface-keys/surface-keys.module';
import { ProductOverviewModule } from './modules/product-overview/product-overview.module';
import { ProductAssemblyModule } from './modules/product-assembly/product-assembly.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    AuthModule,
    DiscoveryModule,
    HealthModule,
    AuthHttpModule,
    ApiKeysHttpModule,
    ProductsModule,
    SurfacesModule,
    RecordsModule,
    FlowsModule,
    SchedulesModule,
    BatchesModule,
    GenerationSessionsModule,
    CapabilitiesModule,
    SurfaceItemsModule,
    SurfaceKeysModule,
    ProductOverviewModule,
    ProductAssemblyModule,
  ],
})
export class ApiModule {}
