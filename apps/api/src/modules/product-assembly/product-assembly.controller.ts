import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { ConfigService } from '@app/config';
import { ProductAssemblyService, type AssembledProduct, type Principal } from '@app/core';
import { fireContextOf } from '../../common/idempotency-key';
import { toTestApiKeyResponse } from '../products/dto/created-product.response';
import { toProductDetailResponse } from '../products/dto/product-detail.response';
import { FpoBody } from './dto/fpo-body';
import { AssembledProductResponse, FpoValidationResponse } from './dto/product-assembly.response';

const TOOLS_NOTE = '`tools` is accepted and ignored (there is no tools resource yet).';

@ApiTags('Products')
@Controller('v1/products')
export class ProductAssemblyController {
  constructor(
    private readonly assembly: ProductAssemblyService,
    private readonly config: ConfigService,
  ) {}

  @RequireScope('PRODUCTS:READ')
  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Validate a Full Product Object (creates nothing)',
    description: `Lists every problem with its JSON path. ${TOOLS_NOTE}`,
  })
  @ApiBody({ type: FpoBody })
  @ApiOkResponse({ type: FpoValidationResponse })
  async validate(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
  ): Promise<FpoValidationResponse> {
    const errors = await this.assembly.validate(principal, body);
    return { valid: errors.length === 0, errors };
  }

  @RequireScope('PRODUCTS:WRITE')
  @Post('assemble')
  @ApiOperation({
    summary: 'Assemble product from a Full Product Object',
    description:
      'Validates first (400 VALIDATION_FAILED listing every problem; nothing is created), then creates ' +
      'the product, its test key, inline flows, capabilities, surfaces, items and schedules in one ' +
      `transaction. Honors Idempotency-Key (per tenant, 24 h). ${TOOLS_NOTE}`,
  })
  @ApiBody({ type: FpoBody })
  @ApiCreatedResponse({ type: AssembledProductResponse })
  assemble(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<AssembledProductResponse> {
    const { idempotencyKey } = fireContextOf(request);
    return this.assembly.assemble(principal, body, (assembled) => this.render(assembled), idempotencyKey);
  }

  private render(assembled: AssembledProduct): AssembledProductResponse {
    return {
      product: toProductDetailResponse(assembled.product, this.config.app.dashboardBaseUrl),
      flows: assembled.flows,
      capabilities: assembled.capabilities,
      surfaces: assembled.surfaces,
      schedules: assembled.schedules,
      testApiKey: toTestApiKeyResponse(assembled.testApiKey),
    };
  }
}
