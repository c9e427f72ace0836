import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import type { KeysetArgs } from '../common/pagination';
import type { Ownership } from '../common/principal';
import { nameContains } from '../common/search';

/** The whole row: the batch pipeline fires from it (overlap/catch-up policies, messages…). */
export const scheduleSelect = {
  id: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  productSurfaceId: true,
  name: true,
  flowId: true,
  agentId: true,
  recordType: true,
  recordIds: true,
  recordFilter: true,
  triggerType: true,
  cron: true,
  timezone: true,
  runAt: true,
  enabled: true,
  nextRunAt: true,
  lastRunAt: true,
  executionOptions: true,
  inputs: true,
  messages: true,
  pausedAt: true,
  pauseReason: true,
  overlapPolicy: true,
  catchupPolicy: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ScheduleSelect;

export type ScheduleRow = Prisma.ScheduleGetPayload<{ select: typeof scheduleSelect }>;

export interface ScheduleWrite {
  name?: string;
  flowId?: string | null;
  agentId?: string | null;
  recordType?: string | null;
  recordIds?: string[];
  recordFilter?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  triggerType?: string;
  cron?: string | null;
  timezone?: string;
  runAt?: Date | null;
  enabled?: boolean;
  nextRunAt?: Date | null;
  executionOptions?: Prisma.InputJsonValue;
  inputs?: Prisma.InputJsonValue;
  messages?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  pausedAt?: Date | null;
  pauseReason?: string | null;
}

/** Where a schedule lives on the product-scoped routes: tenant, surface, and the surface's product. */
export interface SurfaceScope {
  tenantId: string;
  productId: string;
  surfaceId: string;
}

@Injectable()
export class SchedulesRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(scope: SurfaceScope, page: KeysetArgs, search?: string): Promise<ScheduleRow[]> {
    return this.prisma.schedule.findMany({
      where: { ...this.inSurface(scope), name: nameContains(search), id: page.idFilter },
      orderBy: page.orderBy,
      take: page.take,
      select: scheduleSelect,
    });
  }

  count(scope: SurfaceScope, search?: string): Promise<number> {
    return this.prisma.schedule.count({ where: { ...this.inSurface(scope), name: nameContains(search) } });
  }

  create(
    owner: Ownership,
    data: ScheduleWrite & { productSurfaceId: string; name: string; triggerType: string },
    tx: Tx = this.prisma,
  ): Promise<ScheduleRow> {
    return tx.schedule.create({ data: { ...owner, ...data }, select: scheduleSelect });
  }

  findInSurface(scope: SurfaceScope, id: string, tx: Tx = this.prisma): Promise<ScheduleRow | null> {
    return tx.schedule.findFirst({ where: { ...this.inSurface(scope), id }, select: scheduleSelect });
  }

  findById(tenantId: string, id: string): Promise<ScheduleRow | null> {
    return this.prisma.schedule.findFirst({ where: { id, tenantId }, select: scheduleSelect });
  }

  update(id: string, data: ScheduleWrite, tx: Tx = this.prisma): Promise<ScheduleRow> {
    return tx.schedule.update({ where: { id }, data, select: scheduleSelect });
  }

  /** Deleting a schedule deletes its runs (FK cascade); batch executions stay. */
  async delete(scope: SurfaceScope, id: string): Promise<boolean> {
    const { count } = await this.prisma.schedule.deleteMany({ where: { ...this.inSurface(scope), id } });
    return count > 0;
  }

  /** Current names of the tenant's flows among `ids`; a missing id is not the tenant's flow. */
  async flowNames(tenantId: string, ids: string[], tx: Tx = this.prisma): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const flows = await tx.flow.findMany({
      where: { tenantId, id: { in: [...new Set(ids)] } },
      select: { id: true, name: true },
    });
    return new Map(flows.map((flow) => [flow.id, flow.name]));
  }

  private inSurface(scope: SurfaceScope): Prisma.ScheduleWhereInput {
    return {
      tenantId: scope.tenantId,
      productSurfaceId: scope.surfaceId,
      surface: { productId: scope.productId },
    };
  }
}
