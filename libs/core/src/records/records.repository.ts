import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@app/database';
import type { KeysetArgs } from '../common/pagination';
import type { Ownership } from '../common/principal';
import { nameContains } from '../common/search';

export const recordSelect = {
  id: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  type: true,
  name: true,
  metadata: true,
  messages: true,
  productSurfaceId: true,
  metadataLabels: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.RecordSelect;

export type RecordRow = Prisma.RecordGetPayload<{ select: typeof recordSelect }>;

export interface RecordWrite {
  type?: string;
  name?: string;
  metadata?: Prisma.InputJsonValue;
  messages?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  metadataLabels?: Prisma.InputJsonValue | typeof Prisma.DbNull;
}

export interface RecordListFilter {
  type?: string;
  search?: string;
}

@Injectable()
export class RecordsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(tenantId: string, page: KeysetArgs, filter: RecordListFilter): Promise<RecordRow[]> {
    return this.prisma.record.findMany({
      where: { ...this.where(tenantId, filter), id: page.idFilter },
      orderBy: page.orderBy,
      take: page.take,
      select: recordSelect,
    });
  }

  count(tenantId: string, filter: RecordListFilter): Promise<number> {
    return this.prisma.record.count({ where: this.where(tenantId, filter) });
  }

  create(owner: Ownership, data: RecordWrite & { type: string; name: string }): Promise<RecordRow> {
    return this.prisma.record.create({ data: { ...owner, ...data }, select: recordSelect });
  }

  findById(tenantId: string, id: string): Promise<RecordRow | null> {
    return this.prisma.record.findFirst({ where: { id, tenantId }, select: recordSelect });
  }

  /** Tenant-scoped update; null when the record is not the tenant's. */
  async update(tenantId: string, id: string, data: RecordWrite): Promise<RecordRow | null> {
    const { count } = await this.prisma.record.updateMany({ where: { id, tenantId }, data });
    return count === 0 ? null : this.findById(tenantId, id);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.record.deleteMany({ where: { id, tenantId } });
    return count > 0;
  }

  private where(tenantId: string, filter: RecordListFilter): Prisma.RecordWhereInput {
    return {
      tenantId,
      type: filter.type,
      name: nameContains(filter.search),
    };
  }
}
