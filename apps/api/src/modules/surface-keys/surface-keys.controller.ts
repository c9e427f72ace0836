import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { SurfaceKeysService, type Principal } from '@app/core';
import { deleted, DeletedResponse } from '../../common/deleted.response';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CreateSurfaceKeyDto } from './dto/create-surface-key.dto';
import { CreatedSurfaceKeyResponse, toCreatedSurfaceKeyResponse } from './dto/created-surface-key.response';
import { RevealedKeyResponse } from './dto/revealed-key.response';

const ProductId = new ParseIdPipe('Product');
const SurfaceId = new ParseIdPipe('Surface');
const KeyId = new ParseIdPipe('Surface key');

@ApiTags('Products')
@Controller('v1/products/:id/surfaces/:surfaceId/keys')
export class SurfaceKeysController {
  constructor(private readonly keys: SurfaceKeysService) {}

  @RequireScope('PRODUCTS:WRITE')
  @Post()
  @ApiOperation({ summary: 'Create surface API key (the plaintext is returned only in this response)' })
  @ApiCreatedResponse({ type: CreatedSurfaceKeyResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Body() body: CreateSurfaceKeyDto,
  ): Promise<CreatedSurfaceKeyResponse> {
    return toCreatedSurfaceKeyResponse(await this.keys.create(principal, productId, surfaceId, body));
  }

  @RequireScope('PRODUCTS:WRITE')
  @Delete(':keyId')
  @ApiOperation({ summary: 'Delete surface API key' })
  @ApiOkResponse({ type: DeletedResponse })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('keyId', KeyId) keyId: string,
  ): Promise<DeletedResponse> {
    await this.keys.delete(principal, productId, surfaceId, keyId);
    return deleted(keyId);
  }

  /** Reading a secret is a write-level privilege: PRODUCTS:WRITE, like creating the key. */
  @RequireScope('PRODUCTS:WRITE')
  @Get(':keyId/reveal')
  @ApiOperation({
    summary: 'Reveal a development/test surface key (production keys: 403 KEY_NOT_REVEALABLE)',
  })
  @ApiOkResponse({ type: RevealedKeyResponse })
  reveal(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ProductId) productId: string,
    @Param('surfaceId', SurfaceId) surfaceId: string,
    @Param('keyId', KeyId) keyId: string,
  ): Promise<RevealedKeyResponse> {
    return this.keys.reveal(principal, productId, surfaceId, keyId);
  }
}
