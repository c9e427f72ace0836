import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import type { KeysetArgs } from '../common/pagination';
import type { Ownership } from '../common/principal';
import { nameContains } from '../common/search';

export const flowSelect = {
  id: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  name: true,
  description: true,
  steps: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.FlowSelect;

export type FlowRow = Prisma.FlowGetPayload<{ select: typeof flowSelect }>;

export interface FlowWrite {
  name?: string;
  description?: string | null;
  steps?: Prisma.InputJsonValue;
}

@Injectable()
export class FlowsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: string, page: KeysetArgs, search?: string): Promise<FlowRow[]> {
    return this.prisma.flow.findMany({
      where: { ...this.where(tenantId, search), id: page.idFilter },
      orderBy: page.orderBy,
      take: page.take,
      select: flowSelect,
    });
  }

  count(tenantId: string, search?: string): Promise<number> {
    return this.prisma.flow.count({ where: this.where(tenantId, search) });
  }

  create(
    owner: Ownership,
    data: FlowWrite & { name: string; steps: Prisma.InputJsonValue },
    tx: Tx = this.prisma,
  ): Promise<FlowRow> {
    return tx.flow.create({ data: { ...owner, ...data }, select: flowSelect });
  }

  findById(tenantId: string, id: string): Promise<FlowRow | null> {
    return this.prisma.flow.findFirst({ where: { id, tenantId }, select: flowSelect });
  }

  /** Tenant-scoped update; a change of steps bumps `version`. Null when not the tenant's. */
  async update(tenantId: string, id: string, data: FlowWrite): Promise<FlowRow | null> {
    const { count } = await this.prisma.flow.updateMany({
      where: { id, tenantId },
      data: { ...data, version: data.steps === undefined ? undefined : { increment: 1 } },
    });
    return count === 0 ? null : this.findById(tenantId, id);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.flow.deleteMany({ where: { id, tenantId } });
    return count > 0;
  }

  private where(tenantId: string, search?: string): Prisma.FlowWhereInput {
    return { tenantId, name: nameContains(search) };
  }
}
