import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/database';
import { AppError } from '../common/app-error';
import { jsonColumn } from '../common/json';
import { paginate, type CursorQuery, type Page } from '../common/pagination';
import { ownershipOf, type Principal } from '../common/principal';
import { RecordsRepository, type RecordListFilter, type RecordRow } from './records.repository';

export interface CreateRecordInput {
  type: string;
  name: string;
  metadata?: Record<string, unknown>;
  messages?: unknown[] | null;
  metadataLabels?: Record<string, string> | null;
}

export type UpdateRecordInput = Partial<CreateRecordInput>;

@Injectable()
export class RecordsService {
  constructor(private readonly records: RecordsRepository) {}

  list(principal: Principal, query: CursorQuery & RecordListFilter): Promise<Page<RecordRow>> {
    return paginate(
      query,
      (page) => this.records.list(principal.tenantId, page, query),
      () => this.records.count(principal.tenantId, query),
    );
  }

  create(principal: Principal, input: CreateRecordInput): Promise<RecordRow> {
    return this.uniqueName(input, () =>
      this.records.create(ownershipOf(principal), {
        type: input.type,
        name: input.name,
        metadata: (input.metadata ?? {}) as Prisma.InputJsonValue,
        messages: jsonColumn(input.messages),
        metadataLabels: jsonColumn(input.metadataLabels),
      }),
    );
  }

  async get(principal: Principal, id: string): Promise<RecordRow> {
    const record = await this.records.findById(principal.tenantId, id);
    if (!record) throw AppError.notFound('Record');
    return record;
  }

  /** Fields given replace what is stored (`metadata` as a whole). */
  async update(principal: Principal, id: string, input: UpdateRecordInput): Promise<RecordRow> {
    const record = await this.uniqueName(
      input,
      () =>
        this.records.update(principal.tenantId, id, {
          type: input.type,
          name: input.name,
          metadata: input.metadata as Prisma.InputJsonValue | undefined,
          messages: jsonColumn(input.messages),
          metadataLabels: jsonColumn(input.metadataLabels),
        }),
      // A partial update names only one half of the clashing pair: the stored row has the other.
      () => this.records.findById(principal.tenantId, id),
    );
    if (!record) throw AppError.notFound('Record');
    return record;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.records.delete(principal.tenantId, id))) throw AppError.notFound('Record');
  }

  /** `type` + `name` is unique per tenant: a clash is a 409 that names the pair. */
  private async uniqueName<T>(
    input: { type?: string; name?: string },
    write: () => Promise<T>,
    current?: () => Promise<{ type: string; name: string } | null>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const stored = input.type === undefined || input.name === undefined ? await current?.() : undefined;
        throw AppError.conflict('A record with this type and name already exists', {
          type: input.type ?? stored?.type,
          name: input.name ?? stored?.name,
        });
      }
      throw error;
    }
  }
}
