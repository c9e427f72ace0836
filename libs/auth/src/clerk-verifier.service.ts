import { Injectable } from '@nestjs/common';
import { verifyToken } from '@clerk/backend';
import { ConfigService } from '@app/config';
import { AppError, tenantIdOf, type Principal } from '@app/core';

interface ClerkClaims {
  sub?: string;
  sid?: string;
  /** v2 session tokens: the active organization. */
  o?: { id?: string; rol?: string; slg?: string };
  /** v1 session tokens. */
  org_id?: string;
  org_role?: string;
  org_slug?: string;
}

/** Verifies Clerk session tokens: networkless with CLERK_JWT_KEY, else via CLERK_SECRET_KEY. */
@Injectable()
export class ClerkVerifier {
  constructor(private readonly config: ConfigService) {}

  get enabled(): boolean {
    const { jwtKey, secretKey } = this.config.clerk;
    return Boolean(jwtKey || secretKey);
  }

  async authenticate(token: string): Promise<Principal> {
    if (!this.enabled)
      throw AppError.unauthenticated('Session tokens are not accepted: Clerk is not configured');
    const { jwtKey, secretKey, authorizedParties } = this.config.clerk;
    let claims: ClerkClaims;
    try {
      claims = (await verifyToken(token, { jwtKey, secretKey, authorizedParties })) as ClerkClaims;
    } catch (error) {
      const reason =
        error instanceof Error && /expired/i.test(error.message) ? 'Session token has expired' : null;
      throw AppError.unauthenticated(reason ?? 'Invalid session token');
    }
    if (!claims.sub) throw AppError.unauthenticated('Invalid session token');

    const orgId = claims.o?.id ?? claims.org_id ?? null;
    return {
      kind: 'clerk',
      userId: claims.sub,
      orgId,
      orgRole: claims.o?.rol ?? claims.org_role ?? null,
      orgSlug: claims.o?.slg ?? claims.org_slug ?? null,
      sessionId: claims.sid ?? null,
      tenantId: tenantIdOf(claims.sub, orgId),
      scopes: ['*'],
    };
  }
}
