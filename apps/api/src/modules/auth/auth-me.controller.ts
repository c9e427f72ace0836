import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@app/auth';
import type { Principal } from '@app/core';
import { AuthMeResponse } from './dto/auth-me.response';

@ApiTags('Authentication')
@Controller('v1/auth')
export class AuthMeController {
  @Authenticated()
  @Get('me')
  @ApiOperation({ summary: 'Get current user info' })
  @ApiOkResponse({ type: AuthMeResponse })
  me(@CurrentPrincipal() principal: Principal): AuthMeResponse {
    return {
      hasOrganization: principal.orgId !== null,
      userId: principal.userId,
      orgId: principal.orgId,
      orgRole: principal.orgRole,
      orgSlug: principal.orgSlug,
      sessionId: principal.sessionId,
    };
  }
}
