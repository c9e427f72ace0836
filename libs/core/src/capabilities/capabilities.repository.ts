import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';

export const capabilitySelect = {
  id: true,
  tenantId: true,
  productId: true,
  flowId: true,
  agentId: true,
  capabilityName: true,
  capabilityDescription: true,
  parametersSchema: true,
  enabled: true,
  displayOrder: true,
  createdAt: true,
} satisfies Prisma.CapabilitySelect;

export type CapabilityRow = Prisma.CapabilityGetPayload<{ select: typeof capabilitySelect }>;

/** How a product's capabilities are listed wherever they are embedded. */
export const capabilityOrder = [
  { displayOrder: 'asc' },
  { id: 'asc' },
] satisfies Prisma.CapabilityOrderByWithRelationInput[];

export interface CapabilityWrite {
  capabilityName?: string;
  capabilityDescription?: string | null;
  parametersSchema?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  enabled?: boolean;
}

@Injectable()
export class CapabilitiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(
    data: CapabilityWrite & {
      tenantId: string;
      productId: string;
      flowId: string | null;
      agentId: string | null;
      capabilityName: string;
      displayOrder: number;
    },
    tx: Tx = this.prisma,
  ): Promise<CapabilityRow> {
    return tx.capability.create({ data, select: capabilitySelect });
  }

  /** The next `displayOrder` of a product (1 for its first capability). */
  async nextDisplayOrder(productId: string, tx: Tx = this.prisma): Promise<number> {
    const { _max } = await tx.capability.aggregate({ where: { productId }, _max: { displayOrder: true } });
    return (_max.displayOrder ?? 0) + 1;
  }

  findById(
    tenantId: string,
    productId: string,
    id: string,
    tx: Tx = this.prisma,
  ): Promise<CapabilityRow | null> {
    return tx.capability.findFirst({ where: { id, productId, tenantId }, select: capabilitySelect });
  }

  update(id: string, data: CapabilityWrite, tx: Tx = this.prisma): Promise<CapabilityRow> {
    return tx.capability.update({ where: { id }, data, select: capabilitySelect });
  }

  /** Deletes the capability; the surface items exposing it go with it (FK cascade). */
  async delete(tenantId: string, productId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.capability.deleteMany({ where: { id, productId, tenantId } });
    return count > 0;
  }
}
