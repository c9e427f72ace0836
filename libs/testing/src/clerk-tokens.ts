import { createSign, randomUUID } from 'node:crypto';

export interface SessionTokenOptions {
  userId: string;
  orgId?: string;
  orgRole?: string;
  orgSlug?: string;
  sessionId?: string;
  /** Token lifetime in seconds; negative for an already expired token. */
  expiresIn?: number;
  /** v2 (`o` claim, default) or v1 (`org_id` claims) session token. */
  version?: 1 | 2;
  /** Sign with another key (a forged token). */
  privateKey?: string;
}

/**
 * Mints a Clerk-shaped session JWT (RS256) with the test key pair whose public half the app
 * trusts through CLERK_JWT_KEY: the real verifier runs, nothing is mocked.
 */
export function mintSessionToken(options: SessionTokenOptions): string {
  const privateKey = options.privateKey ?? process.env.TEST_CLERK_PRIVATE_KEY;
  if (!privateKey) throw new Error('TEST_CLERK_PRIVATE_KEY is not set (test/global-setup.ts sets it)');
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? 300;
  const org =
    options.orgId === undefined
      ? {}
      : options.version === 1
        ? {
            org_id: options.orgId,
            org_role: options.orgRole ?? 'org:admin',
            org_slug: options.orgSlug ?? null,
          }
        : { o: { id: options.orgId, rol: options.orgRole ?? 'admin', slg: options.orgSlug ?? 'test-org' } };
  const payload = {
    sub: options.userId,
    sid: options.sessionId ?? `sess_${randomUUID().replace(/-/g, '')}`,
    iss: 'https://clerk.test.local',
    azp: 'http://localhost:3000',
    iat: now - 5,
    nbf: now - 5,
    exp: now + expiresIn,
    ...(options.version === 1 ? {} : { v: 2 }),
    ...org,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' })}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}
