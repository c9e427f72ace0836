import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import { capabilityOrder, capabilitySelect } from '../capabilities/capabilities.repository';
import type { KeysetArgs } from '../common/pagination';
import type { Ownership } from '../common/principal';
import { nameContains } from '../common/search';
import { surfaceDetailSelect } from '../surfaces/surfaces.repository';

export const productSelect = {
  id: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  name: true,
  description: true,
  icon: true,
  slug: true,
  status: true,
  canvas: true,
  spec: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ProductSelect;

export type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/**
 * How many surfaces `GET /v1/products/:id` embeds (oldest first); all of them are paged at
 * `GET /v1/products/:id/surfaces`.
 */
export const EMBEDDED_SURFACES_MAX = 100;

/** The product with its capabilities (by `displayOrder`) and surfaces (with items and keys). */
export const productDetailSelect = {
  ...productSelect,
  capabilities: { orderBy: capabilityOrder, select: capabilitySelect },
  surfaces: { orderBy: { id: 'asc' }, take: EMBEDDED_SURFACES_MAX, select: surfaceDetailSelect },
} satisfies Prisma.ProductSelect;

export type ProductDetailRow = Prisma.ProductGetPayload<{ select: typeof productDetailSelect }>;

export interface ProductWrite {
  name?: string;
  description?: string | null;
  icon?: string | null;
  slug?: string | null;
  status?: string;
  canvas?: Prisma.InputJsonValue;
  spec?: Prisma.InputJsonValue;
}

@Injectable()
export class ProductsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: string, page: KeysetArgs, search?: string): Promise<ProductRow[]> {
    return this.prisma.product.findMany({
      where: { tenantId, id: page.idFilter, ...this.searchFilter(search) },
      orderBy: page.orderBy,
      take: page.take,
      select: productSelect,
    });
  }

  count(tenantId: string, search?: string): Promise<number> {
    return this.prisma.product.count({ where: { tenantId, ...this.searchFilter(search) } });
  }

  create(owner: Ownership, data: ProductWrite & { name: string }, tx: Tx = this.prisma): Promise<ProductRow> {
    return tx.product.create({ data: { ...owner, ...data }, select: productSelect });
  }

  findById(tenantId: string, id: string, tx: Tx = this.prisma): Promise<ProductRow | null> {
    return tx.product.findFirst({ where: { id, tenantId }, select: productSelect });
  }

  findDetail(tenantId: string, id: string): Promise<ProductDetailRow | null> {
    return this.prisma.product.findFirst({ where: { id, tenantId }, select: productDetailSelect });
  }

  update(id: string, data: ProductWrite, tx: Tx = this.prisma): Promise<ProductRow> {
    return tx.product.update({ where: { id }, data, select: productSelect });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.product.deleteMany({ where: { id, tenantId } });
    return count > 0;
  }

  private searchFilter(search?: string): Prisma.ProductWhereInput {
    return { name: nameContains(search) };
  }
}
