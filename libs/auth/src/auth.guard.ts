import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, ErrorCode, type Principal } from '@app/core';
import { ApiKeysService } from './api-keys.service';
import { AUTH_POSTURE, type AuthPosture } from './auth.decorators';
import { ClerkVerifier } from './clerk-verifier.service';
import { extractCredential } from './credentials';
import { hasScope } from './scopes';

interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Global guard, deny by default: a route without a declared posture is refused. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly clerk: ClerkVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const posture = this.reflector.getAllAndOverride<AuthPosture | undefined>(AUTH_POSTURE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!posture) throw new AppError(ErrorCode.FORBIDDEN, 'This route declares no access policy');
    if (posture.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;

    if (posture.kind === 'full-access' && !principal.scopes.includes('*')) {
      throw new AppError(ErrorCode.INSUFFICIENT_SCOPE, 'This route needs a key with the "*" scope', {
        required: '*',
      });
    }
    if (posture.kind === 'scope' && !hasScope(principal.scopes, posture.scope)) {
      throw new AppError(ErrorCode.INSUFFICIENT_SCOPE, `This route needs the ${posture.scope} scope`, {
        required: posture.scope,
      });
    }
    return true;
  }

  private authenticate(request: AuthRequest): Promise<Principal> {
    const credential = extractCredential(request.headers);
    switch (credential?.kind) {
      case 'api_key':
        return this.apiKeys.authenticate(credential.token);
      case 'session':
        return this.clerk.authenticate(credential.token);
      case 'unsupported':
        throw AppError.unauthenticated(
          'Unrecognised credential: use a platform API key (rt_live_/rt_test_) or a Clerk session token; surface keys are not accepted here',
        );
      default:
        throw AppError.unauthenticated(
          'Missing credentials: send Authorization: Bearer <API key or session token>',
        );
    }
  }
}
