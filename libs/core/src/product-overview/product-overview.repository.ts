import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import { capabilityOrder } from '../capabilities/capabilities.repository';

/** How many ids each list of a cleanup preview carries; its counts are always exact. */
export const CLEANUP_PREVIEW_IDS_MAX = 100;

export interface CountedIds {
  count: number;
  ids: string[];
}

export interface CleanupPreview {
  productId: string;
  removes: {
    capabilities: CountedIds;
    surfaces: CountedIds;
    surfaceItems: { count: number };
    surfaceKeys: { count: number };
    schedules: CountedIds;
    scheduleRuns: { count: number };
  };
  keeps: {
    flows: CountedIds;
    records: { count: number };
    batchExecutions: { count: number };
  };
}

export const configurationCapabilitySelect = {
  id: true,
  capabilityName: true,
  enabled: true,
  flowId: true,
  agentId: true,
  flow: { select: { id: true } },
} satisfies Prisma.CapabilitySelect;

export type ConfigurationCapabilityRow = Prisma.CapabilityGetPayload<{
  select: typeof configurationCapabilitySelect;
}>;

export const configurationScheduleSelect = {
  id: true,
  name: true,
  productSurfaceId: true,
  enabled: true,
  pausedAt: true,
  recordIds: true,
  recordFilter: true,
  recordType: true,
} satisfies Prisma.ScheduleSelect;

export type ConfigurationScheduleRow = Prisma.ScheduleGetPayload<{
  select: typeof configurationScheduleSelect;
}>;

export interface ConfigurationSurfaceRow {
  id: string;
  name: string;
  type: string;
  environment: string;
  status: string;
  itemCount: number;
  /** Active keys that have not expired. */
  keyCount: number;
  scheduleCount: number;
}

export interface ConfigurationRows {
  capabilities: ConfigurationCapabilityRow[];
  surfaces: ConfigurationSurfaceRow[];
  schedules: ConfigurationScheduleRow[];
}

/**
 * Read models over one product and everything hanging off it. What "belongs" to a product is
 * defined here once, as the FK cascades from `products` define it, so the cleanup preview and
 * `DELETE /v1/products/:id` cannot drift apart.
 */
@Injectable()
export class ProductOverviewRepository {
  constructor(private readonly prisma: PrismaService) {}

  async exists(tenantId: string, productId: string, tx: Tx = this.prisma): Promise<boolean> {
    return (await tx.product.count({ where: { id: productId, tenantId } })) > 0;
  }

  /** One snapshot (repeatable read), so counts and ids agree with each other. */
  cleanupPreview(tenantId: string, productId: string): Promise<CleanupPreview | null> {
    return this.prisma.$transaction(
      async (tx) => {
        if (!(await this.exists(tenantId, productId, tx))) return null;
        const bySurface = { surface: { productId } } satisfies Prisma.ScheduleWhereInput;
        const ids = { orderBy: { id: 'asc' }, take: CLEANUP_PREVIEW_IDS_MAX, select: { id: true } } as const;
        const scheduleFlowIds = (
          await tx.schedule.findMany({
            where: { ...bySurface, flowId: { not: null } },
            distinct: ['flowId'],
            select: { flowId: true },
          })
        ).map((row) => row.flowId!);
        const flowWhere: Prisma.FlowWhereInput = {
          tenantId,
          OR: [{ capabilities: { some: { productId } } }, { id: { in: scheduleFlowIds } }],
        };
        const [capabilities, capabilityIds, surfaces, surfaceIds, schedules, scheduleIds, flows, flowIds] =
          await Promise.all([
            tx.capability.count({ where: { productId } }),
            tx.capability.findMany({ where: { productId }, ...ids }),
            tx.surface.count({ where: { productId } }),
            tx.surface.findMany({ where: { productId }, ...ids }),
            tx.schedule.count({ where: bySurface }),
            tx.schedule.findMany({ where: bySurface, ...ids }),
            tx.flow.count({ where: flowWhere }),
            tx.flow.findMany({ where: flowWhere, ...ids }),
          ]);
        const [surfaceItems, surfaceKeys, scheduleRuns, records, batchExecutions] = await Promise.all([
          // An item goes with its surface and with its capability.
          tx.surfaceItem.count({
            where: { OR: [{ surface: { productId } }, { capability: { productId } }] },
          }),
          // Keys go with the product (the provisioned test key has no surface) and with their surface.
          tx.surfaceKey.count({ where: { OR: [{ productId }, { surface: { productId } }] } }),
          tx.scheduleRun.count({ where: { schedule: bySurface } }),
          // records.product_surface_id and batch_executions.schedule_id carry no FK.
          this.countRaw(
            tx,
            Prisma.sql`SELECT count(*)::int AS count FROM records r
              JOIN surfaces s ON s.id = r.product_surface_id
              WHERE r.tenant_id = ${tenantId} AND s.product_id = ${productId}::uuid`,
          ),
          this.countRaw(
            tx,
            Prisma.sql`SELECT count(*)::int AS count FROM batch_executions b
              JOIN schedules sc ON sc.id = b.schedule_id
              JOIN surfaces s ON s.id = sc.product_surface_id
              WHERE b.tenant_id = ${tenantId} AND s.product_id = ${productId}::uuid`,
          ),
        ]);
        const listed = (count: number, rows: Array<{ id: string }>): CountedIds => ({
          count,
          ids: rows.map((row) => row.id),
        });
        return {
          productId,
          removes: {
            capabilities: listed(capabilities, capabilityIds),
            surfaces: listed(surfaces, surfaceIds),
            surfaceItems: { count: surfaceItems },
            surfaceKeys: { count: surfaceKeys },
            schedules: listed(schedules, scheduleIds),
            scheduleRuns: { count: scheduleRuns },
          },
          keeps: {
            flows: listed(flows, flowIds),
            records: { count: records },
            batchExecutions: { count: batchExecutions },
          },
        };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  }

  /** Capabilities (by displayOrder), surfaces and their schedules (oldest first), one snapshot. */
  configuration(tenantId: string, productId: string, now: Date): Promise<ConfigurationRows | null> {
    return this.prisma.$transaction(
      async (tx) => {
        if (!(await this.exists(tenantId, productId, tx))) return null;
        const [capabilities, surfaces, schedules] = await Promise.all([
          tx.capability.findMany({
            where: { productId },
            orderBy: capabilityOrder,
            select: configurationCapabilitySelect,
          }),
          tx.surface.findMany({
            where: { productId },
            orderBy: { id: 'asc' },
            select: {
              id: true,
              name: true,
              type: true,
              environment: true,
              status: true,
              _count: {
                select: {
                  items: true,
                  keys: { where: { isActive: true, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } },
                  schedules: true,
                },
              },
            },
          }),
          tx.schedule.findMany({
            where: { surface: { productId } },
            orderBy: { id: 'asc' },
            select: configurationScheduleSelect,
          }),
        ]);
        return {
          capabilities,
          surfaces: surfaces.map(({ _count, ...surface }) => ({
            ...surface,
            itemCount: _count.items,
            keyCount: _count.keys,
            scheduleCount: _count.schedules,
          })),
          schedules,
        };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  }

  private async countRaw(tx: Tx, query: Prisma.Sql): Promise<number> {
    const [row] = await tx.$queryRaw<Array<{ count: number }>>(query);
    return row.count;
  }
}
