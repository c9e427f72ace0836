import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '@app/database';
import { AppError, ErrorCode } from '../common/app-error';
import type { Principal } from '../common/principal';
import { SecretBox } from '../common/secret-box';
import { lockTenantRow } from '../common/tenant-scope';
import { SurfacesRepository } from '../surfaces/surfaces.repository';
import { generateSurfaceKey, isRevealable, type SurfaceKeyEnvironment } from './surface-key-material';
import { SurfaceKeysRepository, type SurfaceKeyRow, type SurfaceKeySecret } from './surface-keys.repository';

export interface CreateSurfaceKeyInput {
  environment?: SurfaceKeyEnvironment;
  expiresAt?: Date | null;
  name?: string | null;
  rateLimitPerDay?: number | null;
  rateLimitPerMinute?: number | null;
  scopes?: string[];
}

export interface CreatedSurfaceKey {
  row: SurfaceKeyRow;
  /** The plaintext, returned exactly once. */
  key: string;
}

export interface RevealedKey {
  id: string;
  key: string;
}

/**
 * Limits advertised with a product's test key (`testApiKey.limits` on product create). Informational
 * only: nothing enforces them yet, there is no product runtime that executes with these keys.
 */
export const TEST_KEY_LIMITS = { dailyExecutions: 1000, lifetimeExecutions: 100_000 } as const;

@Injectable()
export class SurfaceKeysService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly surfaces: SurfacesRepository,
    private readonly keys: SurfaceKeysRepository,
    private readonly box: SecretBox,
  ) {}

  /** Issues a key for callers of the surface; development/test keys are also stored encrypted (revealable). */
  create(
    principal: Principal,
    productId: string,
    surfaceId: string,
    input: CreateSurfaceKeyInput,
  ): Promise<CreatedSurfaceKey> {
    return this.prisma.$transaction(async (tx) => {
      // The lock keeps the surface from being deleted between the check and the insert.
      const surface =
        (await lockTenantRow(tx, 'surfaces', principal.tenantId, surfaceId)) &&
        (await this.surfaces.exists(principal.tenantId, productId, surfaceId, tx));
      if (!surface) throw AppError.notFound('Surface');
      return this.issue(
        {
          tenantId: principal.tenantId,
          productId,
          surfaceId,
          environment: input.environment ?? 'test',
          name: input.name ?? null,
          scopes: input.scopes ?? [],
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
          rateLimitPerDay: input.rateLimitPerDay ?? null,
          expiresAt: input.expiresAt ?? null,
        },
        tx,
      );
    });
  }

  /** The product-level test key provisioned with a product, inside the product's own transaction. */
  issueProductTestKey(
    tx: Tx,
    product: { tenantId: string; id: string; name: string },
  ): Promise<CreatedSurfaceKey> {
    return this.issue(
      {
        tenantId: product.tenantId,
        productId: product.id,
        surfaceId: null,
        environment: 'test',
        name: `${product.name} Test Key`,
        scopes: [],
        rateLimitPerMinute: null,
        rateLimitPerDay: null,
        expiresAt: null,
      },
      tx,
    );
  }

  async delete(principal: Principal, productId: string, surfaceId: string, keyId: string): Promise<void> {
    if (!(await this.keys.delete(principal.tenantId, productId, surfaceId, keyId)))
      throw AppError.notFound('Surface key');
  }

  /** The plaintext of a development/test key; production keys are stored as a hash only (403). */
  async reveal(
    principal: Principal,
    productId: string,
    surfaceId: string,
    keyId: string,
  ): Promise<RevealedKey> {
    const secret = await this.keys.findSecret(principal.tenantId, productId, surfaceId, keyId);
    if (!secret) throw AppError.notFound('Surface key');
    return this.open(secret);
  }

  async revealProductTestKey(principal: Principal, productId: string): Promise<RevealedKey> {
    if (!(await this.keys.productExists(principal.tenantId, productId))) throw AppError.notFound('Product');
    const secret = await this.keys.findProductTestKeySecret(principal.tenantId, productId);
    if (!secret) throw AppError.notFound('Test key');
    return this.open(secret);
  }

  private async issue(
    data: {
      tenantId: string;
      productId: string;
      surfaceId: string | null;
      environment: SurfaceKeyEnvironment;
      name: string | null;
      scopes: string[];
      rateLimitPerMinute: number | null;
      rateLimitPerDay: number | null;
      expiresAt: Date | null;
    },
    tx: Tx,
  ): Promise<CreatedSurfaceKey> {
    const { key, keyHash, keyPrefix, keyHint } = generateSurfaceKey(data.environment);
    const row = await this.keys.create(
      {
        ...data,
        keyHash,
        keyPrefix,
        keyHint,
        encryptedKey: isRevealable(data.environment) ? this.box.seal(key) : null,
      },
      tx,
    );
    return { row, key };
  }

  private open(secret: SurfaceKeySecret): RevealedKey {
    if (!isRevealable(secret.environment) || secret.encryptedKey === null) {
      throw new AppError(
        ErrorCode.KEY_NOT_REVEALABLE,
        'Only development and test keys can be revealed; production keys are shown once, at creation',
      );
    }
    return { id: secret.id, key: this.box.open(secret.encryptedKey) };
  }
}
