import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@app/database';
import { AppError } from '../common/app-error';
import { deepMerge } from '../common/json';
import { paginate, type CursorQuery, type Page } from '../common/pagination';
import { ownershipOf, type Principal } from '../common/principal';
import { lockTenantRow } from '../common/tenant-scope';
import { SurfaceKeysService, type CreatedSurfaceKey } from '../surface-keys/surface-keys.service';
import {
  ProductsRepository,
  type ProductDetailRow,
  type ProductRow,
  type ProductWrite,
} from './products.repository';

export interface CreateProductInput {
  name: string;
  description?: string | null;
  icon?: string | null;
  slug?: string | null;
  status?: string;
  canvas?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

export type UpdateProductInput = Partial<Omit<CreateProductInput, 'slug' | 'status'>>;

export interface CreatedProduct {
  product: ProductRow;
  /** The product-level test key provisioned with it (plaintext returned once, revealable later). */
  testApiKey: CreatedSurfaceKey;
}

@Injectable()
export class ProductsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly products: ProductsRepository,
    private readonly surfaceKeys: SurfaceKeysService,
  ) {}

  list(principal: Principal, query: CursorQuery & { search?: string }): Promise<Page<ProductRow>> {
    return paginate(
      query,
      (page) => this.products.list(principal.tenantId, page, query.search),
      () => this.products.count(principal.tenantId, query.search),
    );
  }

  /** Creates the product and, in the same transaction, its revealable product-level test key. */
  create(principal: Principal, input: CreateProductInput): Promise<CreatedProduct> {
    return this.prisma.$transaction(async (tx) => {
      const product = await this.products.create(
        ownershipOf(principal),
        {
          ...input,
          canvas: (input.canvas ?? {}) as Prisma.InputJsonValue,
          spec: (input.spec ?? {}) as Prisma.InputJsonValue,
        },
        tx,
      );
      return { product, testApiKey: await this.surfaceKeys.issueProductTestKey(tx, product) };
    });
  }

  /** The product with its capabilities and (up to EMBEDDED_SURFACES_MAX) surfaces. */
  async get(principal: Principal, id: string): Promise<ProductDetailRow> {
    const product = await this.products.findDetail(principal.tenantId, id);
    if (!product) throw AppError.notFound('Product');
    return product;
  }

  /** Partial update; `canvas` and `spec` are deep-merged into what is stored. */
  update(principal: Principal, id: string, input: UpdateProductInput): Promise<ProductRow> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockTenantRow(tx, 'products', principal.tenantId, id))) throw AppError.notFound('Product');
      const current = (await this.products.findById(principal.tenantId, id, tx))!;
      const data: ProductWrite = {
        name: input.name,
        description: input.description,
        icon: input.icon,
        canvas: input.canvas ? (deepMerge(current.canvas, input.canvas) as Prisma.InputJsonValue) : undefined,
        spec: input.spec ? (deepMerge(current.spec, input.spec) as Prisma.InputJsonValue) : undefined,
      };
      return this.products.update(id, data, tx);
    });
  }

  /**
   * One DELETE statement, so one transaction: the FK cascades from `products` remove exactly
   * what the cleanup preview (ProductOverviewRepository) lists under `removes`, and nothing it
   * lists under `keeps` (flows, records, batch executions) is reachable by a cascade.
   */
  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.products.delete(principal.tenantId, id))) throw AppError.notFound('Product');
  }
}
