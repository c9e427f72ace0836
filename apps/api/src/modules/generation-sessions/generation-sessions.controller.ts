import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { GenerationSessionsService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateGenerationEventDto } from './dto/create-generation-event.dto';
import { CreateGenerationSessionDto } from './dto/create-generation-session.dto';
import { GenerationEventResponse, toGenerationEventResponse } from './dto/generation-event.response';
import {
  GenerationSessionDetailResponse,
  toGenerationSessionDetailResponse,
} from './dto/generation-session-detail.response';
import {
  GenerationSessionPageResponse,
  toGenerationSessionPageResponse,
} from './dto/generation-session-page.response';
import { GenerationSessionResponse, toGenerationSessionResponse } from './dto/generation-session.response';
import { ListGenerationSessionsQuery } from './dto/list-generation-sessions.query';
import { UpdateGenerationSessionDto } from './dto/update-generation-session.dto';

const SessionId = new ParseIdPipe('Generation session');

@ApiTags('Product Generation')
@Controller('v1/products/generation/sessions')
export class GenerationSessionsController {
  constructor(private readonly sessions: GenerationSessionsService) {}

  @RequireScope('PRODUCTS:READ')
  @Get()
  @ApiOperation({ summary: 'List generation sessions (newest first, filter by status)' })
  @ApiOkResponse({ type: GenerationSessionPageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListGenerationSessionsQuery,
  ): Promise<GenerationSessionPageResponse> {
    return toGenerationSessionPageResponse(await this.sessions.list(principal, query));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a generation session (status intake, expires in 7 days)' })
  @ApiCreatedResponse({ type: GenerationSessionResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateGenerationSessionDto,
  ): Promise<GenerationSessionResponse> {
    return toGenerationSessionResponse(await this.sessions.create(principal, body));
  }

  @RequireScope('PRODUCTS:READ')
  @Get(':id')
  @ApiOperation({ summary: 'Get a generation session with its events' })
  @ApiOkResponse({ type: GenerationSessionDetailResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SessionId) id: string,
  ): Promise<GenerationSessionDetailResponse> {
    return toGenerationSessionDetailResponse(await this.sessions.get(principal, id));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Patch(':id')
  @ApiOperation({ summary: 'Update a generation session' })
  @ApiOkResponse({ type: GenerationSessionResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SessionId) id: string,
    @Body() body: UpdateGenerationSessionDto,
  ): Promise<GenerationSessionResponse> {
    return toGenerationSessionResponse(await this.sessions.update(principal, id, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a generation session and its events' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SessionId) id: string,
  ): Promise<DeletedResponse> {
    await this.sessions.delete(principal, id);
    return deleted(id);
  }

  @RequireScope('PRODUCTS:WRITE')
  @Post(':id/events')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an event to a generation session' })
  @ApiCreatedResponse({ type: GenerationEventResponse })
  async addEvent(
    @CurrentPrincipal() principal: Principal,
    @Param('id', SessionId) id: string,
    @Body() body: CreateGenerationEventDto,
  ): Promise<GenerationEventResponse> {
    return toGenerationEventResponse(await this.sessions.addEvent(principal, id, body));
  }
}
