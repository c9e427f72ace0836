import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { BatchesService, SchedulesService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { fireContextOf } from '../../common/idempotency-key';
import { ListQueryDto } from '../../common/list-query.dto';
import { mapPage } from '../../common/page';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateScheduleDto } from './dto/create-schedule.dto';
import { PauseScheduleDto } from './dto/pause-schedule.dto';
import { RunNowResponse, toRunNowResponse } from './dto/run-now.response';
import { SchedulePageResponse } from './dto/schedule-page.response';
import { ScheduleRunPageResponse } from './dto/schedule-run-page.response';
import { toScheduleRunResponse } from './dto/schedule-run.response';
import { ScheduleResponse, toScheduleResponse } from './dto/schedule.response';
import { UpdateScheduleDto } from './dto/update-schedule.dto';

const ProductId = new ParseIdPipe('Product');
const SurfaceId = new ParseIdPipe('Surface');
const ScheduleId = new ParseIdPipe('Schedule');

/** Schedules owned by a product surface (spec §4.23–4.30). */
@ApiTags('Products')
@Controller('v1/products/:id/surfaces/:surfaceId/schedules')
export class SchedulesController {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly batches: BatchesService,
  ) {}

  @RequireScope('SCHEDULES:READ')
  @Get()
  @ApiOperation({ summary: 'List schedules for surface' })
  @ApiOkResponse({ type: SchedulePageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Query() query: ListQueryDto,
  ): Promise<SchedulePageResponse> {
    return mapPage(await this.schedules.list(principal, productId, surfaceId, query), toScheduleResponse);
  }

  @RequireScope('SCHEDULES:WRITE')
  @Post()
  @ApiOperation({ summary: 'Create schedule for surface (flat fields, or nested target/trigger)' })
  @ApiCreatedResponse({ type: ScheduleResponse })
  @ApiBadRequestResponse({ description: 'Invalid target, trigger, cron, time zone or record source' })
  @ApiNotFoundResponse({ description: 'Product, surface or flow not found' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Body() body: CreateScheduleDto,
  ): Promise<ScheduleResponse> {
    return toScheduleResponse(await this.schedules.create(principal, productId, surfaceId, body));
  }

  @RequireScope('SCHEDULES:READ')
  @Get(':scheduleId')
  @ApiOperation({ summary: 'Get schedule details' })
  @ApiOkResponse({ type: ScheduleResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
  ): Promise<ScheduleResponse> {
    return toScheduleResponse(await this.schedules.get(principal, productId, surfaceId, scheduleId));
  }

  @RequireScope('SCHEDULES:WRITE')
  @Put(':scheduleId')
  @ApiOperation({ summary: 'Update schedule (partial; nextRunAt is recomputed when the trigger changes)' })
  @ApiOkResponse({ type: ScheduleResponse })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
    @Body() body: UpdateScheduleDto,
  ): Promise<ScheduleResponse> {
    return toScheduleResponse(await this.schedules.update(principal, productId, surfaceId, scheduleId, body));
  }

  @RequireScope('SCHEDULES:WRITE')
  @Delete(':scheduleId')
  @ApiOperation({ summary: 'Delete schedule (its runs go with it)' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
  ): Promise<DeletedResponse> {
    await this.schedules.delete(principal, productId, surfaceId, scheduleId);
    return deleted(scheduleId);
  }

  @RequireScope('SCHEDULES:WRITE')
  @Post(':scheduleId/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause schedule (idempotent; body optional)' })
  @ApiOkResponse({ type: ScheduleResponse })
  async pause(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
    @Body() body: PauseScheduleDto,
  ): Promise<ScheduleResponse> {
    return toScheduleResponse(
      await this.schedules.pause(principal, productId, surfaceId, scheduleId, body.reason),
    );
  }

  @RequireScope('SCHEDULES:WRITE')
  @Post(':scheduleId/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume schedule (idempotent; nextRunAt recomputed from now, no catch-up)' })
  @ApiOkResponse({ type: ScheduleResponse })
  async resume(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
  ): Promise<ScheduleResponse> {
    return toScheduleResponse(await this.schedules.resume(principal, productId, surfaceId, scheduleId));
  }

  @RequireScope('SCHEDULES:EXECUTE')
  @Post(':scheduleId/run-now')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run schedule immediately (resolves its records and submits a batch)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1–255 visible ASCII characters; a repeat answers the first response',
  })
  @ApiOkResponse({ type: RunNowResponse })
  async runNow(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
    @Req() request: FastifyRequest,
  ): Promise<RunNowResponse> {
    const context = fireContextOf(request);
    const schedule = await this.schedules.get(principal, productId, surfaceId, scheduleId);
    return toRunNowResponse(await this.batches.runScheduleNow(principal, schedule.id, context));
  }

  @RequireScope('SCHEDULES:READ')
  @Get(':scheduleId/runs')
  @ApiOperation({ summary: 'List runs of schedule' })
  @ApiOkResponse({ type: ScheduleRunPageResponse })
  async runs(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('scheduleId', ScheduleId) scheduleId: string,
    @Query() query: ListQueryDto,
  ): Promise<ScheduleRunPageResponse> {
    const schedule = await this.schedules.get(principal, productId, surfaceId, scheduleId);
    return mapPage(await this.batches.listScheduleRuns(principal, schedule.id, query), toScheduleRunResponse);
  }
}
