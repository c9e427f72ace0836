import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Tx } from '@app/database';
import type { Ownership } from '../common/principal';

export const generationSessionSelect = {
  id: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  status: true,
  prd: true,
  plan: true,
  productObject: true,
  productObjectHash: true,
  assemblyState: true,
  catalogVersion: true,
  schemaVersion: true,
  createdAt: true,
  updatedAt: true,
  expiresAt: true,
} satisfies Prisma.ProductGenerationSessionSelect;

export const generationEventSelect = {
  id: true,
  sessionId: true,
  tenantId: true,
  organizationId: true,
  userId: true,
  type: true,
  stage: true,
  message: true,
  payload: true,
  createdAt: true,
} satisfies Prisma.ProductGenerationEventSelect;

export type GenerationSessionRow = Prisma.ProductGenerationSessionGetPayload<{
  select: typeof generationSessionSelect;
}>;
export type GenerationEventRow = Prisma.ProductGenerationEventGetPayload<{
  select: typeof generationEventSelect;
}>;
export type GenerationSessionDetailRow = GenerationSessionRow & { events: GenerationEventRow[] };

type NullableJson = Prisma.InputJsonValue | typeof Prisma.DbNull;

export interface GenerationSessionCreate {
  prd?: NullableJson;
  catalogVersion?: string;
  schemaVersion?: string;
  expiresAt: Date;
}

export interface GenerationSessionWrite {
  status?: string;
  prd?: NullableJson;
  plan?: NullableJson;
  productObject?: NullableJson;
  productObjectHash?: string | null;
  assemblyState?: NullableJson;
}

export interface GenerationEventWrite {
  type: string;
  stage?: string;
  message?: string;
  payload: Prisma.InputJsonValue;
}

/**
 * Every read and write is scoped to the tenant and to sessions not expired at `now`: an expired
 * session no longer exists for the API.
 */
@Injectable()
export class GenerationSessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(
    tenantId: string,
    now: Date,
    filter: { status?: string },
    page: { limit: number; offset: number },
  ): Promise<GenerationSessionRow[]> {
    return this.prisma.productGenerationSession.findMany({
      where: this.live(tenantId, now, filter),
      // UUIDv7 ids are time-ordered: id order is creation order.
      orderBy: { id: 'desc' },
      take: page.limit,
      skip: page.offset,
      select: generationSessionSelect,
    });
  }

  count(tenantId: string, now: Date, filter: { status?: string }): Promise<number> {
    return this.prisma.productGenerationSession.count({ where: this.live(tenantId, now, filter) });
  }

  create(owner: Ownership, data: GenerationSessionCreate): Promise<GenerationSessionRow> {
    return this.prisma.productGenerationSession.create({
      data: { ...owner, ...data },
      select: generationSessionSelect,
    });
  }

  findById(tenantId: string, id: string, now: Date): Promise<GenerationSessionRow | null> {
    return this.prisma.productGenerationSession.findFirst({
      where: { ...this.live(tenantId, now), id },
      select: generationSessionSelect,
    });
  }

  /** The session with its events, oldest first. */
  findDetail(tenantId: string, id: string, now: Date): Promise<GenerationSessionDetailRow | null> {
    return this.prisma.productGenerationSession.findFirst({
      where: { ...this.live(tenantId, now), id },
      select: {
        ...generationSessionSelect,
        events: { select: generationEventSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      },
    });
  }

  /** Null when the session is not the tenant's or has expired. */
  async update(
    tenantId: string,
    id: string,
    now: Date,
    data: GenerationSessionWrite,
  ): Promise<GenerationSessionRow | null> {
    const { count } = await this.prisma.productGenerationSession.updateMany({
      where: { ...this.live(tenantId, now), id },
      data,
    });
    return count === 0 ? null : this.findById(tenantId, id, now);
  }

  /** Events go with the session (foreign key `ON DELETE CASCADE`). */
  async delete(tenantId: string, id: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.productGenerationSession.deleteMany({
      where: { ...this.live(tenantId, now), id },
    });
    return count > 0;
  }

  /**
   * Holds a live session for the rest of the transaction (`FOR KEY SHARE`, what the events'
   * foreign key check takes anyway): a concurrent delete waits, so an event never races it.
   */
  async lockLive(tx: Tx, tenantId: string, id: string, now: Date): Promise<boolean> {
    const rows = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM product_generation_sessions
      WHERE id = ${id}::uuid AND tenant_id = ${tenantId} AND expires_at > ${now}
      FOR KEY SHARE`;
    return rows.length > 0;
  }

  createEvent(
    tx: Tx,
    owner: Ownership,
    sessionId: string,
    data: GenerationEventWrite,
  ): Promise<GenerationEventRow> {
    return tx.productGenerationEvent.create({
      data: { ...owner, sessionId, ...data },
      select: generationEventSelect,
    });
  }

  private live(
    tenantId: string,
    now: Date,
    filter: { status?: string } = {},
  ): Prisma.ProductGenerationSessionWhereInput {
    return { tenantId, expiresAt: { gt: now }, status: filter.status };
  }
}
