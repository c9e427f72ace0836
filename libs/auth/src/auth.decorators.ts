import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from '@app/core';
import type { Scope } from './scopes';

/**
 * The auth posture of a route. Every route declares exactly one; the guard denies a route
 * that declares none, and the route-auth snapshot test lists them all.
 */
export type AuthPosture =
  | { kind: 'public' }
  | { kind: 'authenticated'; clerkOnly?: boolean }
  | { kind: 'scope'; scope: Scope }
  | { kind: 'full-access' };

export const AUTH_POSTURE = 'auth:posture';

/** No credentials needed (health, docs). */
export const Public = () => SetMetadata(AUTH_POSTURE, { kind: 'public' } satisfies AuthPosture);

/** Any valid platform key or Clerk session. */
export const Authenticated = () => SetMetadata(AUTH_POSTURE, { kind: 'authenticated' } satisfies AuthPosture);

/** A Clerk session, or a platform key holding `scope` (or `<AREA>:*`, or `*`). */
export const RequireScope = (scope: Scope) =>
  SetMetadata(AUTH_POSTURE, { kind: 'scope', scope } satisfies AuthPosture);

/** A Clerk session, or a platform key holding `*` (managing API keys). */
export const RequireFullAccess = () =>
  SetMetadata(AUTH_POSTURE, { kind: 'full-access' } satisfies AuthPosture);

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});
