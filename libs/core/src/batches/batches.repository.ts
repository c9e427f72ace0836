import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@app/database';
import type { KeysetArgs } from '../common/pagination';

export const batchSelect = {
  id: true,
  tenantId: true,
  flowId: true,
  scheduleId: true,
  status: true,
  totalRecords: true,
  processedRecords: true,
  successCount: true,
  failedRecords: true,
  progress: true,
  error: true,
  startedAt: true,
  completedAt: true,
  cancelledAt: true,
  createdAt: true,
} satisfies Prisma.BatchExecutionSelect;

export type BatchRow = Prisma.BatchExecutionGetPayload<{ select: typeof batchSelect }>;

export const scheduleRunSelect = {
  id: true,
  scheduleId: true,
  batchExecutionId: true,
  flowId: true,
  agentId: true,
  agentExecutionId: true,
  trigger: true,
  scheduledFor: true,
  status: true,
  totalRecords: true,
  processedRecords: true,
  successCount: true,
  failedRecords: true,
  error: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
} satisfies Prisma.ScheduleRunSelect;

export type ScheduleRunRow = Prisma.ScheduleRunGetPayload<{ select: typeof scheduleRunSelect }>;

export interface BatchResultRow {
  id: string;
  recordId: string;
  status: string;
  error: string | null;
  output: unknown;
  attempts: number;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  recordName: string | null;
  recordType: string | null;
}

/** A schedule as the run pipeline needs it. */
export interface FireableSchedule {
  id: string;
  flowId: string | null;
  agentId: string | null;
  recordIds: string[];
  recordFilter: unknown;
  recordType: string | null;
  executionOptions: unknown;
  inputs: unknown;
}

@Injectable()
export class BatchesRepository {
  constructor(private readonly prisma: PrismaService) {}

  findBatch(tenantId: string, id: string): Promise<BatchRow | null> {
    return this.prisma.batchExecution.findFirst({ where: { id, tenantId }, select: batchSelect });
  }

  findSchedule(tenantId: string, id: string): Promise<FireableSchedule | null> {
    return this.prisma.schedule.findFirst({
      where: { id, tenantId },
      select: {
        id: true,
        flowId: true,
        agentId: true,
        recordIds: true,
        recordFilter: true,
        recordType: true,
        executionOptions: true,
        inputs: true,
      },
    });
  }

  async flowName(flowId: string | null): Promise<string | null> {
    if (!flowId) return null;
    return (
      (await this.prisma.flow.findUnique({ where: { id: flowId }, select: { name: true } }))?.name ?? null
    );
  }

  async flowExists(tenantId: string, flowId: string): Promise<boolean> {
    return (await this.prisma.flow.count({ where: { id: flowId, tenantId } })) > 0;
  }

  /** Flips a live batch to cancelled; workers see it before their next claim and abort in-flight items. */
  async cancel(tenantId: string, id: string): Promise<boolean> {
    const cancelled = await this.prisma.$executeRaw`
      UPDATE batch_executions SET status = 'cancelled', cancelled_at = now(), completed_at = now(), updated_at = now()
      WHERE id = ${id}::uuid AND tenant_id = ${tenantId} AND status IN ('queued', 'running')`;
    if (cancelled > 0) {
      await this.prisma.$executeRaw`
        UPDATE schedule_runs SET status = 'cancelled', completed_at = now() WHERE batch_execution_id = ${id}::uuid`;
    }
    return cancelled > 0;
  }

  results(
    batchId: string,
    status: string | undefined,
    limit: number,
    offset: number,
  ): Promise<BatchResultRow[]> {
    const byStatus = status ? Prisma.sql`AND i.status = ${status}` : Prisma.empty;
    return this.prisma.$queryRaw<BatchResultRow[]>`
      SELECT i.id, i.record_id AS "recordId", i.status, i.error, i.output, i.attempts,
             i.started_at AS "startedAt", i.completed_at AS "completedAt", i.created_at AS "createdAt",
             r.name AS "recordName", r.type AS "recordType"
      FROM batch_items i LEFT JOIN records r ON r.id = i.record_id
      WHERE i.batch_execution_id = ${batchId}::uuid ${byStatus}
      ORDER BY i.seq LIMIT ${limit} OFFSET ${offset}`;
  }

  async countResults(batchId: string, status: string | undefined): Promise<number> {
    return this.prisma.batchItem.count({ where: { batchExecutionId: batchId, status } });
  }

  listRuns(scheduleId: string, page: KeysetArgs): Promise<ScheduleRunRow[]> {
    return this.prisma.scheduleRun.findMany({
      where: { scheduleId, id: page.idFilter },
      orderBy: page.orderBy,
      take: page.take,
      select: scheduleRunSelect,
    });
  }

  countRuns(scheduleId: string): Promise<number> {
    return this.prisma.scheduleRun.count({ where: { scheduleId } });
  }
}
