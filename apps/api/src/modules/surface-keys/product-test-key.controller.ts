import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope } from '@app/auth';
import { SurfaceKeysService, type Principal } from '@app/core';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { RevealedKeyResponse } from './dto/revealed-key.response';

/** The product-level test key provisioned with the product (`testApiKey` on create). */
@ApiTags('Products')
@Controller('v1/products/:id/test-key')
export class ProductTestKeyController {
  constructor(private readonly keys: SurfaceKeysService) {}

  /** Reading a secret is a write-level privilege: PRODUCTS:WRITE. */
  @RequireScope('PRODUCTS:WRITE')
  @Get('reveal')
  @ApiOperation({ summary: 'Reveal the product’s test key (testApiKey.canRevealLater)' })
  @ApiOkResponse({ type: RevealedKeyResponse })
  reveal(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseIdPipe('Product')) productId: string,
  ): Promise<RevealedKeyResponse> {
    return this.keys.revealProductTestKey(principal, productId);
  }
}
