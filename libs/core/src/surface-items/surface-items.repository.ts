import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';

/** One shape for an item wherever it is returned: on its own and embedded in a surface. */
export const surfaceItemSelect = {
  id: true,
  surfaceId: true,
  capabilityId: true,
  exposedName: true,
  exposedDescription: true,
  endpointSlug: true,
  isEntryPoint: true,
  enabled: true,
  displayOrder: true,
  config: true,
  presentation: true,
  createdAt: true,
  capability: { select: { capabilityName: true, agentId: true } },
} satisfies Prisma.SurfaceItemSelect;

export type SurfaceItemRow = Prisma.SurfaceItemGetPayload<{ select: typeof surfaceItemSelect }>;

export interface SurfaceItemWrite {
  exposedName?: string | null;
  exposedDescription?: string | null;
  endpointSlug?: string | null;
  isEntryPoint?: boolean;
  enabled?: boolean;
  config?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  presentation?: Prisma.InputJsonValue | typeof Prisma.DbNull;
}

@Injectable()
export class SurfaceItemsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(
    data: SurfaceItemWrite & {
      tenantId: string;
      surfaceId: string;
      capabilityId: string;
      displayOrder: number;
    },
    tx: Tx = this.prisma,
  ): Promise<SurfaceItemRow> {
    return tx.surfaceItem.create({ data, select: surfaceItemSelect });
  }

  /** The next `displayOrder` on a surface (1 for its first item). */
  async nextDisplayOrder(surfaceId: string, tx: Tx = this.prisma): Promise<number> {
    const { _max } = await tx.surfaceItem.aggregate({ where: { surfaceId }, _max: { displayOrder: true } });
    return (_max.displayOrder ?? 0) + 1;
  }

  findById(
    tenantId: string,
    productId: string,
    surfaceId: string,
    id: string,
    tx: Tx = this.prisma,
  ): Promise<SurfaceItemRow | null> {
    return tx.surfaceItem.findFirst({
      where: { id, surfaceId, tenantId, surface: { productId } },
      select: surfaceItemSelect,
    });
  }

  update(id: string, data: SurfaceItemWrite, tx: Tx = this.prisma): Promise<SurfaceItemRow> {
    return tx.surfaceItem.update({ where: { id }, data, select: surfaceItemSelect });
  }

  async delete(tenantId: string, productId: string, surfaceId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.surfaceItem.deleteMany({
      where: { id, surfaceId, tenantId, surface: { productId } },
    });
    return count > 0;
  }
}
