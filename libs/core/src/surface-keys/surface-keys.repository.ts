import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';

/** One shape for a key wherever it is returned (create, GET surface): never the hash or ciphertext. */
export const surfaceKeySelect = {
  id: true,
  surfaceId: true,
  name: true,
  keyPrefix: true,
  keyHint: true,
  scopes: true,
  rateLimitPerMinute: true,
  rateLimitPerDay: true,
  expiresAt: true,
  isActive: true,
  environment: true,
  createdAt: true,
} satisfies Prisma.SurfaceKeySelect;

export type SurfaceKeyRow = Prisma.SurfaceKeyGetPayload<{ select: typeof surfaceKeySelect }>;

export interface SurfaceKeySecret {
  id: string;
  environment: string;
  encryptedKey: string | null;
}

export interface SurfaceKeyWrite {
  tenantId: string;
  productId: string;
  /** null: a product-level key (the product's test key). */
  surfaceId: string | null;
  name: string | null;
  keyHash: string;
  keyPrefix: string;
  keyHint: string;
  encryptedKey: string | null;
  scopes: string[];
  rateLimitPerMinute: number | null;
  rateLimitPerDay: number | null;
  environment: string;
  expiresAt: Date | null;
}

@Injectable()
export class SurfaceKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  async productExists(tenantId: string, productId: string): Promise<boolean> {
    return (await this.prisma.product.count({ where: { id: productId, tenantId } })) > 0;
  }

  create(data: SurfaceKeyWrite, tx: Tx = this.prisma): Promise<SurfaceKeyRow> {
    return tx.surfaceKey.create({ data, select: surfaceKeySelect });
  }

  findSecret(
    tenantId: string,
    productId: string,
    surfaceId: string,
    id: string,
  ): Promise<SurfaceKeySecret | null> {
    return this.prisma.surfaceKey.findFirst({
      where: { id, surfaceId, productId, tenantId },
      select: { id: true, environment: true, encryptedKey: true },
    });
  }

  /** The product-level test key provisioned with the product (the oldest, should there be several). */
  findProductTestKeySecret(tenantId: string, productId: string): Promise<SurfaceKeySecret | null> {
    return this.prisma.surfaceKey.findFirst({
      where: { productId, tenantId, surfaceId: null, environment: 'test' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, environment: true, encryptedKey: true },
    });
  }

  async delete(tenantId: string, productId: string, surfaceId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.surfaceKey.deleteMany({
      where: { id, surfaceId, productId, tenantId },
    });
    return count > 0;
  }
}
