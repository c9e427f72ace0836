import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { RecordsService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { mapPage } from '../../common/page';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateRecordDto } from './dto/create-record.dto';
import { ListRecordsQuery } from './dto/list-records.query';
import { RecordPageResponse } from './dto/record-page.response';
import { RecordResponse, toRecordResponse } from './dto/record.response';
import { UpdateRecordDto } from './dto/update-record.dto';

const RecordId = new ParseIdPipe('Record');

@ApiTags('Records')
@Controller('v1/records')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @RequireScope('RECORDS:READ')
  @Get()
  @ApiOperation({ summary: 'List records (filter by type, search by name)' })
  @ApiOkResponse({ type: RecordPageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRecordsQuery,
  ): Promise<RecordPageResponse> {
    return mapPage(await this.records.list(principal, query), toRecordResponse);
  }

  @RequireScope('RECORDS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Create record' })
  @ApiCreatedResponse({ type: RecordResponse })
  @ApiConflictResponse({ description: 'A record with the same type and name exists' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRecordDto,
  ): Promise<RecordResponse> {
    return toRecordResponse(await this.records.create(principal, body));
  }

  @RequireScope('RECORDS:READ')
  @Get(':id')
  @ApiOperation({ summary: 'Get record details' })
  @ApiOkResponse({ type: RecordResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', RecordId) id: string,
  ): Promise<RecordResponse> {
    return toRecordResponse(await this.records.get(principal, id));
  }

  @RequireScope('RECORDS:WRITE')
  @Put(':id')
  @ApiOperation({ summary: 'Update record' })
  @ApiOkResponse({ type: RecordResponse })
  @ApiConflictResponse({ description: 'Renaming would clash with another record of the type' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', RecordId) id: string,
    @Body() body: UpdateRecordDto,
  ): Promise<RecordResponse> {
    return toRecordResponse(await this.records.update(principal, id, body));
  }

  @RequireScope('RECORDS:WRITE')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete record' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', RecordId) id: string,
  ): Promise<DeletedResponse> {
    await this.records.delete(principal, id);
    return deleted(id);
  }
}
