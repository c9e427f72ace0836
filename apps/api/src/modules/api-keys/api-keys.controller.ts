import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeysService, CurrentPrincipal, RequireFullAccess } from '@app/auth';
import type { Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ListQueryDto } from '../../common/list-query.dto';
import { mapPage } from '../../common/page';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiKeyPageResponse } from './dto/api-key-page.response';
import { toApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { CreatedApiKeyResponse } from './dto/created-api-key.response';

@ApiTags('API Keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @RequireFullAccess()
  @Post()
  @ApiOperation({ summary: 'Create API key (the plaintext is returned once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    const { row, key } = await this.apiKeys.create(
      { userId: principal.userId, orgId: principal.orgId },
      body,
    );
    return { ...toApiKeyResponse(row), key };
  }

  @RequireFullAccess()
  @Get()
  @ApiOperation({ summary: 'List API keys (never the plaintext)' })
  @ApiOkResponse({ type: ApiKeyPageResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListQueryDto,
  ): Promise<ApiKeyPageResponse> {
    return mapPage(await this.apiKeys.list(principal, query), toApiKeyResponse);
  }

  @RequireFullAccess()
  @Delete(':id')
  @ApiOperation({ summary: 'Revoke API key (immediately)' })
  @ApiOkResponse({ type: DeletedResponse })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseIdPipe('API key')) id: string,
  ): Promise<DeletedResponse> {
    await this.apiKeys.revoke(principal, id);
    return deleted(id);
  }
}
