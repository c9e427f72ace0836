/**
 * Who is calling, after authentication. `tenantId` is the organization when the caller acts
 * in one, else the user: every tenant-owned row is filtered on it.
 */
export interface Principal {
  kind: 'api_key' | 'clerk';
  userId: string;
  orgId: string | null;
  orgRole: string | null;
  orgSlug: string | null;
  sessionId: string | null;
  tenantId: string;
  /** Granted scopes; a Clerk session has `*`. */
  scopes: readonly string[];
  apiKeyId?: string;
}

/** The ownership columns written on every tenant-owned row. */
export interface Ownership {
  tenantId: string;
  organizationId: string | null;
  userId: string;
}

export function ownershipOf(principal: Principal): Ownership {
  return { tenantId: principal.tenantId, organizationId: principal.orgId, userId: principal.userId };
}

export function tenantIdOf(userId: string, orgId: string | null | undefined): string {
  return orgId ?? userId;
}
