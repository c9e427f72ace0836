import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { SurfacesService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ListQueryDto } from '../../common/list-query.dto';
import { mapPage } from '../../common/page';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateSurfaceDto } from './dto/create-surface.dto';
import { SurfacePageResponse } from './dto/surface-page.response';
import { SurfaceResponse, toSurfaceResponse } from './dto/surface.response';
import { UpdateSurfaceDto } from './dto/update-surface.dto';

const ProductId = new ParseIdPipe('Product');
const SurfaceId = new ParseIdPipe('Surface');

@ApiTags('Products')
@Controller('v1/products/:id/surfaces')
export class SurfacesController {
  constructor(private readonly surfaces: SurfacesService) {}

  @RequireScope('PRODUCTS:READ')
  @Get()
  @ApiOperation({ summary: 'List surfaces' })
  @ApiOkResponse({ type: SurfacePageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Query() query: ListQueryDto,
  ): Promise<SurfacePageResponse> {
    return mapPage(await this.surfaces.list(principal, productId, query), toSurfaceResponse);
  }

  @RequireScope('PRODUCTS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Create surface' })
  @ApiCreatedResponse({ type: SurfaceResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Body() body: CreateSurfaceDto,
  ): Promise<SurfaceResponse> {
    return toSurfaceResponse(await this.surfaces.create(principal, productId, body));
  }

  @RequireScope('PRODUCTS:READ')
  @Get(':surfaceId')
  @ApiOperation({ summary: 'Get surface details (with items and keys)' })
  @ApiOkResponse({ type: SurfaceResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
  ): Promise<SurfaceResponse> {
    return toSurfaceResponse(await this.surfaces.get(principal, productId, surfaceId));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Put(':surfaceId')
  @ApiOperation({ summary: 'Update surface (type is not updatable; behavior is shallow-merged)' })
  @ApiOkResponse({ type: SurfaceResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Body() body: UpdateSurfaceDto,
  ): Promise<SurfaceResponse> {
    return toSurfaceResponse(await this.surfaces.update(principal, productId, surfaceId, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Delete(':surfaceId')
  @ApiOperation({ summary: 'Delete surface' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
  ): Promise<DeletedResponse> {
    await this.surfaces.delete(principal, productId, surfaceId);
    return deleted(surfaceId);
  }
}
