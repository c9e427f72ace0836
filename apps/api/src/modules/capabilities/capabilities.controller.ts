import { Body, Controller, Delete, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { CapabilitiesService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CapabilityResponse, toCapabilityResponse } from './dto/capability.response';
import { CreateCapabilityDto } from './dto/create-capability.dto';
import { UpdateCapabilityDto } from './dto/update-capability.dto';

const ProductId = new ParseIdPipe('Product');
const CapabilityId = new ParseIdPipe('Capability');

@ApiTags('Products')
@Controller('v1/products/:id/capabilities')
export class CapabilitiesController {
  constructor(private readonly capabilities: CapabilitiesService) {}

  @RequireScope('PRODUCTS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Add capability to product (exactly one of flowId / agentId)' })
  @ApiCreatedResponse({ type: CapabilityResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Body() body: CreateCapabilityDto,
  ): Promise<CapabilityResponse> {
    return toCapabilityResponse(await this.capabilities.create(principal, productId, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Put(':capabilityId')
  @ApiOperation({ summary: 'Update capability (partial; refreshSchema re-derives parametersSchema)' })
  @ApiOkResponse({ type: CapabilityResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('capabilityId', CapabilityId) capabilityId: string,
    @Body() body: UpdateCapabilityDto,
  ): Promise<CapabilityResponse> {
    return toCapabilityResponse(await this.capabilities.update(principal, productId, capabilityId, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Delete(':capabilityId')
  @ApiOperation({ summary: 'Remove capability (and the surface items exposing it)' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('capabilityId', CapabilityId) capabilityId: string,
  ): Promise<DeletedResponse> {
    await this.capabilities.delete(principal, productId, capabilityId);
    return deleted(capabilityId);
  }
}
