import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { ConfigService } from '@app/config';
import { ProductsService, type Principal, type ProductRow } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ListQueryDto } from '../../common/list-query.dto';
import { mapPage } from '../../common/page';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateProductDto } from './dto/create-product.dto';
import { CreatedProductResponse, toTestApiKeyResponse } from './dto/created-product.response';
import { ProductDetailResponse, toProductDetailResponse } from './dto/product-detail.response';
import { ProductPageResponse } from './dto/product-page.response';
import { ProductResponse, toProductResponse } from './dto/product.response';
import { UpdateProductDto } from './dto/update-product.dto';

const ProductId = new ParseIdPipe('Product');

@ApiTags('Products')
@Controller('v1/products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly config: ConfigService,
  ) {}

  @RequireScope('PRODUCTS:READ')
  @Get()
  @ApiOperation({ summary: 'List products' })
  @ApiOkResponse({ type: ProductPageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListQueryDto,
  ): Promise<ProductPageResponse> {
    return mapPage(await this.products.list(principal, query), (row) => this.toResponse(row));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Create product' })
  @ApiCreatedResponse({ type: CreatedProductResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateProductDto,
  ): Promise<CreatedProductResponse> {
    const { product, testApiKey } = await this.products.create(principal, body);
    return {
      ...this.toResponse(product),
      capabilities: [],
      surfaces: [],
      testApiKey: toTestApiKeyResponse(testApiKey),
    };
  }

  @RequireScope('PRODUCTS:READ')
  @Get(':id')
  @ApiOperation({ summary: 'Get product details (with capabilities and surfaces)' })
  @ApiOkResponse({ type: ProductDetailResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) id: string,
  ): Promise<ProductDetailResponse> {
    return toProductDetailResponse(await this.products.get(principal, id), this.config.app.dashboardBaseUrl);
  }

  @RequireScope('PRODUCTS:WRITE')
  @Put(':id')
  @ApiOperation({ summary: 'Update product (canvas and spec are deep-merged)' })
  @ApiOkResponse({ type: ProductResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) id: string,
    @Body() body: UpdateProductDto,
  ): Promise<ProductResponse> {
    return this.toResponse(await this.products.update(principal, id, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete product' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) id: string,
  ): Promise<DeletedResponse> {
    await this.products.delete(principal, id);
    return deleted(id);
  }

  private toResponse(row: ProductRow): ProductResponse {
    return toProductResponse(row, this.config.app.dashboardBaseUrl);
  }
}
