import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AppError } from '../common/app-error';
import { isPlainObject, jsonColumn } from '../common/json';
import { paginate, type CursorQuery, type Page } from '../common/pagination';
import type { Principal } from '../common/principal';
import { lockTenantRow } from '../common/tenant-scope';
import { ProductsRepository } from '../products/products.repository';
import {
  SurfacesRepository,
  type SurfaceDetailRow,
  type SurfaceRow,
  type SurfaceWrite,
} from './surfaces.repository';

export interface CreateSurfaceInput {
  name: string;
  type: string;
  status?: string;
  environment?: string;
  config?: unknown;
  behavior?: unknown;
  inbound?: Record<string, unknown> | null;
  outbound?: Record<string, unknown> | null;
}

export type UpdateSurfaceInput = Partial<Omit<CreateSurfaceInput, 'type'>>;

@Injectable()
export class SurfacesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly products: ProductsRepository,
    private readonly surfaces: SurfacesRepository,
  ) {}

  async list(principal: Principal, productId: string, query: CursorQuery): Promise<Page<SurfaceDetailRow>> {
    await this.requireProduct(principal, productId);
    return paginate(
      query,
      (page) => this.surfaces.list(principal.tenantId, productId, page),
      () => this.surfaces.count(principal.tenantId, productId),
    );
  }

  async create(
    principal: Principal,
    productId: string,
    input: CreateSurfaceInput,
  ): Promise<SurfaceDetailRow> {
    await this.requireProduct(principal, productId);
    return this.surfaces.create({
      tenantId: principal.tenantId,
      productId,
      name: input.name,
      type: input.type,
      status: input.status,
      environment: input.environment ?? 'development',
      config: jsonColumn(input.config),
      behavior: jsonColumn(input.behavior),
      inbound: jsonColumn(input.inbound),
      outbound: jsonColumn(input.outbound),
    });
  }

  async get(principal: Principal, productId: string, surfaceId: string): Promise<SurfaceDetailRow> {
    const surface = await this.surfaces.findById(principal.tenantId, productId, surfaceId);
    if (!surface) throw AppError.notFound('Surface');
    return surface;
  }

  /** Partial update; `behavior` is shallow-merged into what is stored, the rest replaces. */
  update(
    principal: Principal,
    productId: string,
    surfaceId: string,
    input: UpdateSurfaceInput,
  ): Promise<SurfaceRow> {
    return this.prisma.$transaction(async (tx) => {
      const current = (await lockTenantRow(tx, 'surfaces', principal.tenantId, surfaceId))
        ? await this.surfaces.findById(principal.tenantId, productId, surfaceId, tx)
        : null;
      if (!current) throw AppError.notFound('Surface');
      const behavior =
        isPlainObject(input.behavior) && isPlainObject(current.behavior)
          ? { ...current.behavior, ...input.behavior }
          : input.behavior;
      const data: SurfaceWrite = {
        name: input.name,
        status: input.status,
        environment: input.environment,
        config: jsonColumn(input.config),
        behavior: jsonColumn(behavior),
        inbound: jsonColumn(input.inbound),
        outbound: jsonColumn(input.outbound),
      };
      return this.surfaces.update(surfaceId, data, tx);
    });
  }

  async delete(principal: Principal, productId: string, surfaceId: string): Promise<void> {
    if (!(await this.surfaces.delete(principal.tenantId, productId, surfaceId)))
      throw AppError.notFound('Surface');
  }

  private async requireProduct(principal: Principal, productId: string): Promise<void> {
    if (!(await this.products.findById(principal.tenantId, productId))) throw AppError.notFound('Product');
  }
}
