import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { ConfigService } from '@app/config';
import { ProductOverviewService, type Principal } from '@app/core';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CleanupPreviewResponse, toCleanupPreviewResponse } from './dto/cleanup-preview.response';
import {
  ProductConfigurationResponse,
  toProductConfigurationResponse,
} from './dto/product-configuration.response';

const ProductId = new ParseIdPipe('Product');

@ApiTags('Products')
@Controller('v1/products/:id')
export class ProductOverviewController {
  constructor(
    private readonly overview: ProductOverviewService,
    private readonly config: ConfigService,
  ) {}

  @RequireScope('PRODUCTS:READ')
  @Get('cleanup-preview')
  @ApiOperation({ summary: 'Preview cleanup resources (what deleting the product removes and keeps)' })
  @ApiOkResponse({ type: CleanupPreviewResponse })
  async cleanupPreview(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
  ): Promise<CleanupPreviewResponse> {
    return toCleanupPreviewResponse(await this.overview.cleanupPreview(principal, productId));
  }

  @RequireScope('PRODUCTS:READ')
  @Get('configuration')
  @ApiOperation({ summary: 'Get product configuration summary (readiness and what is missing)' })
  @ApiOkResponse({ type: ProductConfigurationResponse })
  async configuration(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
  ): Promise<ProductConfigurationResponse> {
    return toProductConfigurationResponse(
      await this.overview.configuration(principal, productId),
      this.config.app.dashboardBaseUrl,
    );
  }
}
