import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@app/database';
import { AppError } from '../common/app-error';
import { jsonColumn } from '../common/json';
import { ownershipOf, type Principal } from '../common/principal';
import { productObjectHash } from './canonical-json';
import { GENERATION_SESSION_TTL_MS, type GenerationSessionStatus } from './generation-session-types';
import {
  GenerationSessionsRepository,
  type GenerationEventRow,
  type GenerationSessionDetailRow,
  type GenerationSessionRow,
} from './generation-sessions.repository';

export interface CreateGenerationSessionInput {
  catalogVersion?: string;
  prd?: Record<string, unknown>;
  schemaVersion?: string;
}

export interface UpdateGenerationSessionInput {
  assemblyState?: Record<string, unknown> | null;
  plan?: Record<string, unknown> | null;
  prd?: Record<string, unknown> | null;
  productObject?: Record<string, unknown> | null;
  productObjectHash?: string | null;
  status?: GenerationSessionStatus;
}

export interface CreateGenerationEventInput {
  type: string;
  message?: string;
  payload?: Record<string, unknown>;
  stage?: string;
}

export interface GenerationSessionsQuery {
  limit: number;
  offset: number;
  status?: GenerationSessionStatus;
}

export interface GenerationSessionPage {
  data: GenerationSessionRow[];
  pagination: { limit: number; offset: number; total: number };
}

const NOT_FOUND = 'Generation session';

/** Product Generation sessions (spec §7.11): tenant-owned, gone for the API once expired. */
@Injectable()
export class GenerationSessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sessions: GenerationSessionsRepository,
  ) {}

  /** Newest first, offset-paged (the spec's `{limit, offset, total}`). */
  async list(principal: Principal, query: GenerationSessionsQuery): Promise<GenerationSessionPage> {
    const now = new Date();
    const filter = { status: query.status };
    const [data, total] = await Promise.all([
      this.sessions.list(principal.tenantId, now, filter, query),
      this.sessions.count(principal.tenantId, now, filter),
    ]);
    return { data, pagination: { limit: query.limit, offset: query.offset, total } };
  }

  create(principal: Principal, input: CreateGenerationSessionInput): Promise<GenerationSessionRow> {
    return this.sessions.create(ownershipOf(principal), {
      prd: jsonColumn(input.prd),
      catalogVersion: input.catalogVersion,
      schemaVersion: input.schemaVersion,
      expiresAt: new Date(Date.now() + GENERATION_SESSION_TTL_MS),
    });
  }

  async get(principal: Principal, id: string): Promise<GenerationSessionDetailRow> {
    const session = await this.sessions.findDetail(principal.tenantId, id, new Date());
    if (!session) throw AppError.notFound(NOT_FOUND);
    return session;
  }

  /**
   * Fields given replace what is stored; `null` clears a JSON field. A `productObject` sent
   * without `productObjectHash` gets the sha256 hex of its canonical JSON (null when cleared).
   */
  async update(
    principal: Principal,
    id: string,
    input: UpdateGenerationSessionInput,
  ): Promise<GenerationSessionRow> {
    const hash =
      input.productObjectHash !== undefined || input.productObject === undefined
        ? input.productObjectHash
        : input.productObject === null
          ? null
          : productObjectHash(input.productObject);
    const session = await this.sessions.update(principal.tenantId, id, new Date(), {
      status: input.status,
      prd: jsonColumn(input.prd),
      plan: jsonColumn(input.plan),
      productObject: jsonColumn(input.productObject),
      productObjectHash: hash,
      assemblyState: jsonColumn(input.assemblyState),
    });
    if (!session) throw AppError.notFound(NOT_FOUND);
    return session;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.sessions.delete(principal.tenantId, id, new Date()))) throw AppError.notFound(NOT_FOUND);
  }

  addEvent(
    principal: Principal,
    sessionId: string,
    input: CreateGenerationEventInput,
  ): Promise<GenerationEventRow> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await this.sessions.lockLive(tx, principal.tenantId, sessionId, new Date())))
        throw AppError.notFound(NOT_FOUND);
      return this.sessions.createEvent(tx, ownershipOf(principal), sessionId, {
        type: input.type,
        stage: input.stage,
        message: input.message,
        payload: (input.payload ?? {}) as Prisma.InputJsonValue,
      });
    });
  }
}
