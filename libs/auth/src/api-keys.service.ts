import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppError, paginate, tenantIdOf, type CursorQuery, type Page, type Principal } from '@app/core';
import { ApiKeysRepository, type ApiKeyRow } from './api-keys.repository';
import { API_KEY_PREFIXES } from './credentials';
import { isValidScope } from './scopes';

export type ApiKeyEnvironment = keyof typeof API_KEY_PREFIXES;

export interface CreateApiKeyInput {
  name: string;
  scopes?: string[];
  environment?: ApiKeyEnvironment;
  expiresAt?: Date | null;
}

export interface KeyOwner {
  userId: string;
  orgId: string | null;
}

export interface CreatedApiKey {
  row: ApiKeyRow;
  /** The plaintext, returned exactly once. */
  key: string;
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(private readonly keys: ApiKeysRepository) {}

  async create(owner: KeyOwner, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const scopes = [...new Set(input.scopes ?? ['*'])];
    const invalid = scopes.filter((scope) => !isValidScope(scope));
    if (invalid.length > 0) {
      throw AppError.validation(
        'Unknown scopes',
        invalid.map((scope) => ({ path: 'scopes', message: `Unknown scope "${scope}"` })),
      );
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw AppError.validation('expiresAt must be in the future', [
        { path: 'expiresAt', message: 'Must be in the future' },
      ]);
    }
    const environment = input.environment ?? 'test';
    const key = `${API_KEY_PREFIXES[environment]}${randomBytes(32).toString('base64url')}`;
    const row = await this.keys.create({
      tenantId: tenantIdOf(owner.userId, owner.orgId),
      organizationId: owner.orgId,
      userId: owner.userId,
      name: input.name,
      prefix: key.slice(0, 12),
      keyHash: sha256(key),
      lastFour: key.slice(-4),
      scopes,
      environment,
      expiresAt: input.expiresAt ?? null,
    });
    return { row, key };
  }

  list(principal: Principal, query: CursorQuery): Promise<Page<ApiKeyRow>> {
    return paginate(
      query,
      (page) => this.keys.listActive(principal.tenantId, page),
      () => this.keys.countActive(principal.tenantId),
    );
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    if (!(await this.keys.revoke(principal.tenantId, id))) throw AppError.notFound('API key');
  }

  /** Resolves a presented platform key to a principal, or throws a 401. No caching: revocation is immediate. */
  async authenticate(token: string): Promise<Principal> {
    const presented = sha256(token);
    const row = await this.keys.findByHash(presented);
    // The lookup is by hash already; the constant-time compare keeps the check itself free of
    // early exits should the lookup ever change.
    if (!row || !timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(presented, 'hex'))) {
      throw AppError.unauthenticated('Invalid API key');
    }
    if (row.revokedAt) throw AppError.unauthenticated('API key has been revoked');
    const now = new Date();
    if (row.expiresAt && row.expiresAt <= now) throw AppError.unauthenticated('API key has expired');

    this.keys
      .touch(row.id, now)
      .catch((err: Error) => this.logger.warn(`lastUsedAt not updated: ${err.message}`));
    return {
      kind: 'api_key',
      userId: row.userId,
      orgId: row.organizationId,
      orgRole: null,
      orgSlug: null,
      sessionId: null,
      tenantId: row.tenantId,
      scopes: row.scopes,
      apiKeyId: row.id,
    };
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
