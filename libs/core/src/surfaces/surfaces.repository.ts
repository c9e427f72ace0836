import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import type { KeysetArgs } from '../common/pagination';
import { surfaceItemSelect } from '../surface-items/surface-items.repository';
import { surfaceKeySelect } from '../surface-keys/surface-keys.repository';

export const surfaceSelect = {
  id: true,
  tenantId: true,
  productId: true,
  name: true,
  type: true,
  status: true,
  environment: true,
  config: true,
  behavior: true,
  inbound: true,
  outbound: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SurfaceSelect;

export const surfaceDetailSelect = {
  ...surfaceSelect,
  items: { orderBy: [{ displayOrder: 'asc' }, { id: 'asc' }], select: surfaceItemSelect },
  keys: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: surfaceKeySelect },
} satisfies Prisma.SurfaceSelect;

export type SurfaceRow = Prisma.SurfaceGetPayload<{ select: typeof surfaceSelect }>;
export type SurfaceDetailRow = Prisma.SurfaceGetPayload<{ select: typeof surfaceDetailSelect }>;

export interface SurfaceWrite {
  name?: string;
  type?: string;
  status?: string;
  environment?: string;
  config?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  behavior?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  inbound?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  outbound?: Prisma.InputJsonValue | typeof Prisma.DbNull;
}

@Injectable()
export class SurfacesRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: string, productId: string, page: KeysetArgs): Promise<SurfaceDetailRow[]> {
    return this.prisma.surface.findMany({
      where: { tenantId, productId, id: page.idFilter },
      orderBy: page.orderBy,
      take: page.take,
      select: surfaceDetailSelect,
    });
  }

  count(tenantId: string, productId: string): Promise<number> {
    return this.prisma.surface.count({ where: { tenantId, productId } });
  }

  create(
    data: SurfaceWrite & { tenantId: string; productId: string; name: string; type: string },
    tx: Tx = this.prisma,
  ): Promise<SurfaceDetailRow> {
    return tx.surface.create({ data, select: surfaceDetailSelect });
  }

  /** Whether the surface is the tenant's and belongs to the product. */
  async exists(tenantId: string, productId: string, id: string, tx: Tx = this.prisma): Promise<boolean> {
    return (await tx.surface.count({ where: { id, productId, tenantId } })) > 0;
  }

  findById(
    tenantId: string,
    productId: string,
    id: string,
    tx: Tx = this.prisma,
  ): Promise<SurfaceDetailRow | null> {
    return tx.surface.findFirst({ where: { id, productId, tenantId }, select: surfaceDetailSelect });
  }

  update(id: string, data: SurfaceWrite, tx: Tx = this.prisma): Promise<SurfaceRow> {
    return tx.surface.update({ where: { id }, data, select: surfaceSelect });
  }

  async delete(tenantId: string, productId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.surface.deleteMany({ where: { id, productId, tenantId } });
    return count > 0;
  }
}
