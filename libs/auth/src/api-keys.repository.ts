import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@app/database';
import type { KeysetArgs, Ownership } from '@app/core';

export const apiKeySelect = {
  id: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  name: true,
  prefix: true,
  keyHash: true,
  lastFour: true,
  scopes: true,
  environment: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
} satisfies Prisma.ApiKeySelect;

export type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(
    data: Ownership &
      Pick<ApiKeyRow, 'name' | 'prefix' | 'keyHash' | 'lastFour' | 'scopes' | 'environment' | 'expiresAt'>,
  ): Promise<ApiKeyRow> {
    return this.prisma.apiKey.create({ data, select: apiKeySelect });
  }

  findByHash(keyHash: string): Promise<ApiKeyRow | null> {
    return this.prisma.apiKey.findUnique({ where: { keyHash }, select: apiKeySelect });
  }

  listActive(tenantId: string, page: KeysetArgs): Promise<ApiKeyRow[]> {
    return this.prisma.apiKey.findMany({
      where: { tenantId, revokedAt: null, id: page.idFilter },
      orderBy: page.orderBy,
      take: page.take,
      select: apiKeySelect,
    });
  }

  countActive(tenantId: string): Promise<number> {
    return this.prisma.apiKey.count({ where: { tenantId, revokedAt: null } });
  }

  async revoke(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.apiKey.updateMany({
      where: { id, tenantId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count > 0;
  }

  /** Conditional so that a busy key costs one write a minute, not one per request. */
  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
