import { Body, Controller, Delete, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { SurfaceItemsService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateSurfaceItemDto } from './dto/create-surface-item.dto';
import { SurfaceItemResponse, toSurfaceItemResponse } from './dto/surface-item.response';
import { UpdateSurfaceItemDto } from './dto/update-surface-item.dto';

const ProductId = new ParseIdPipe('Product');
const SurfaceId = new ParseIdPipe('Surface');
const ItemId = new ParseIdPipe('Surface item');

@ApiTags('Products')
@Controller('v1/products/:id/surfaces/:surfaceId/items')
export class SurfaceItemsController {
  constructor(private readonly items: SurfaceItemsService) {}

  @RequireScope('PRODUCTS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Add item to surface (expose a capability of the same product)' })
  @ApiCreatedResponse({ type: SurfaceItemResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Body() body: CreateSurfaceItemDto,
  ): Promise<SurfaceItemResponse> {
    return toSurfaceItemResponse(await this.items.create(principal, productId, surfaceId, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Put(':itemId')
  @ApiOperation({ summary: 'Update surface item (partial; config is deep-merged)' })
  @ApiOkResponse({ type: SurfaceItemResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('itemId', ItemId) itemId: string,
    @Body() body: UpdateSurfaceItemDto,
  ): Promise<SurfaceItemResponse> {
    return toSurfaceItemResponse(await this.items.update(principal, productId, surfaceId, itemId, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Delete(':itemId')
  @ApiOperation({ summary: 'Remove surface item' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('itemId', ItemId) itemId: string,
  ): Promise<DeletedResponse> {
    await this.items.delete(principal, productId, surfaceId, itemId);
    return deleted(itemId);
  }
}
