import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { FlowsService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ListQueryDto } from '../../common/list-query.dto';
import { mapPage } from '../../common/page';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateFlowDto } from './dto/create-flow.dto';
import { FlowPageResponse } from './dto/flow-page.response';
import { FlowResponse, toFlowResponse } from './dto/flow.response';
import { UpdateFlowDto } from './dto/update-flow.dto';

const FlowId = new ParseIdPipe('Flow');

@ApiTags('Flows')
@Controller('v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @RequireScope('FLOWS:READ')
  @Get()
  @ApiOperation({ summary: 'List flows' })
  @ApiOkResponse({ type: FlowPageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListQueryDto,
  ): Promise<FlowPageResponse> {
    return mapPage(await this.flows.list(principal, query), toFlowResponse);
  }

  @RequireScope('FLOWS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Create flow (unknown step types and bad step configs are a 400)' })
  @ApiCreatedResponse({ type: FlowResponse })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateFlowDto): Promise<FlowResponse> {
    return toFlowResponse(await this.flows.create(principal, body));
  }

  @RequireScope('FLOWS:READ')
  @Get(':id')
  @ApiOperation({ summary: 'Get flow details' })
  @ApiOkResponse({ type: FlowResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', FlowId) id: string,
  ): Promise<FlowResponse> {
    return toFlowResponse(await this.flows.get(principal, id));
  }

  @RequireScope('FLOWS:WRITE')
  @Put(':id')
  @ApiOperation({ summary: 'Update flow' })
  @ApiOkResponse({ type: FlowResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', FlowId) id: string,
    @Body() body: UpdateFlowDto,
  ): Promise<FlowResponse> {
    return toFlowResponse(await this.flows.update(principal, id, body));
  }

  @RequireScope('FLOWS:WRITE')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete flow' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', FlowId) id: string,
  ): Promise<DeletedResponse> {
    await this.flows.delete(principal, id);
    return deleted(id);
  }
}
