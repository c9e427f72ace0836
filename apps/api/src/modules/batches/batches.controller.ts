import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { BatchesService, type Principal } from '@app/core';
import { fireContextOf } from '../../common/idempotency-key';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { BatchResultsQuery } from './dto/batch-results.query';
import { BatchResultsResponse, toBatchResultsResponse } from './dto/batch-results.response';
import { BatchStatusResponse, toBatchStatusResponse } from './dto/batch-status.response';
import { CancelResponse } from './dto/cancel.response';
import { FireResponse } from './dto/fire.response';
import { SubmitBatchDto } from './dto/submit-batch.dto';

const BatchId = new ParseIdPipe('Batch execution');

@ApiTags('Batch')
@Controller()
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @RequireScope('BATCH:EXECUTE')
  @Post('v1/batch/flow')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a batch flow execution (one flow run per record)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key (24 h) → same batch' })
  @ApiOkResponse({ type: FireResponse })
  submit(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SubmitBatchDto,
    @Req() request: FastifyRequest,
  ): Promise<FireResponse> {
    return this.batches.submitFlowBatch(principal, body, fireContextOf(request));
  }

  @RequireScope('BATCH:READ')
  @Get('v1/batch/status/:id')
  @ApiOperation({ summary: 'Get batch execution status' })
  @ApiOkResponse({ type: BatchStatusResponse })
  async status(
    @CurrentPrincipal() principal: Principal,
    @Param('id', BatchId) id: string,
  ): Promise<BatchStatusResponse> {
    return toBatchStatusResponse(await this.batches.status(principal, id));
  }

  @RequireScope('BATCH:EXECUTE')
  @Post('v1/batch/cancel/:id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a queued or running batch execution' })
  @ApiOkResponse({ type: CancelResponse })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', BatchId) id: string,
  ): Promise<CancelResponse> {
    await this.batches.cancel(principal, id);
    return { message: `Batch execution ${id} has been successfully cancelled.`, success: true };
  }

  @RequireScope('SCHEDULES:READ')
  @Get('v1/schedules/batch/:batchId/results')
  @ApiOperation({ summary: 'Get per-record results of a batch execution' })
  @ApiOkResponse({ type: BatchResultsResponse })
  async results(
    @CurrentPrincipal() principal: Principal,
    @Param('batchId', BatchId) batchId: string,
    @Query() query: BatchResultsQuery,
  ): Promise<BatchResultsResponse> {
    return toBatchResultsResponse(await this.batches.results(principal, batchId, query));
  }
}
