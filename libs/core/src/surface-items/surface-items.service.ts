import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@app/database';
import { CapabilitiesRepository } from '../capabilities/capabilities.repository';
import { AppError } from '../common/app-error';
import { deepMerge, jsonColumn } from '../common/json';
import type { Principal } from '../common/principal';
import { lockTenantRow } from '../common/tenant-scope';
import { SurfacesRepository } from '../surfaces/surfaces.repository';
import {
  SurfaceItemsRepository,
  type SurfaceItemRow,
  type SurfaceItemWrite,
} from './surface-items.repository';

export interface CreateSurfaceItemInput {
  capabilityId: string;
  exposedName?: string | null;
  exposedDescription?: string | null;
  endpointSlug?: string | null;
  isEntryPoint?: boolean;
  enabled?: boolean;
  config?: Record<string, unknown> | null;
  presentation?: Record<string, unknown> | null;
}

export type UpdateSurfaceItemInput = Partial<Omit<CreateSurfaceItemInput, 'capabilityId'>>;

@Injectable()
export class SurfaceItemsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly surfaces: SurfacesRepository,
    private readonly items: SurfaceItemsRepository,
    private readonly capabilities: CapabilitiesRepository,
  ) {}

  /**
   * Exposes one of the product's capabilities on the surface. `displayOrder` is 1 + the surface's
   * current maximum, computed under a lock on the surface row (distinct under concurrency).
   */
  create(
    principal: Principal,
    productId: string,
    surfaceId: string,
    input: CreateSurfaceItemInput,
  ): Promise<SurfaceItemRow> {
    return this.uniqueSlug(input.endpointSlug, () =>
      this.prisma.$transaction(async (tx) => {
        const surface =
          (await lockTenantRow(tx, 'surfaces', principal.tenantId, surfaceId)) &&
          (await this.surfaces.exists(principal.tenantId, productId, surfaceId, tx));
        if (!surface) throw AppError.notFound('Surface');
        // Only a capability of this very product can be exposed on its surfaces.
        if (!(await this.capabilities.findById(principal.tenantId, productId, input.capabilityId, tx)))
          throw AppError.notFound('Capability');
        return this.items.create(
          {
            tenantId: principal.tenantId,
            surfaceId,
            capabilityId: input.capabilityId,
            exposedName: input.exposedName,
            exposedDescription: input.exposedDescription,
            endpointSlug: input.endpointSlug,
            isEntryPoint: input.isEntryPoint,
            enabled: input.enabled,
            config: jsonColumn(input.config),
            presentation: jsonColumn(input.presentation),
            displayOrder: await this.items.nextDisplayOrder(surfaceId, tx),
          },
          tx,
        );
      }),
    );
  }

  /** Partial update; `config` is deep-merged into what is stored, the rest replaces. */
  update(
    principal: Principal,
    productId: string,
    surfaceId: string,
    itemId: string,
    input: UpdateSurfaceItemInput,
  ): Promise<SurfaceItemRow> {
    return this.uniqueSlug(input.endpointSlug, () =>
      this.prisma.$transaction(async (tx) => {
        const current = (await lockTenantRow(tx, 'surface_items', principal.tenantId, itemId))
          ? await this.items.findById(principal.tenantId, productId, surfaceId, itemId, tx)
          : null;
        if (!current) throw AppError.notFound('Surface item');
        const data: SurfaceItemWrite = {
          exposedName: input.exposedName,
          exposedDescription: input.exposedDescription,
          endpointSlug: input.endpointSlug,
          isEntryPoint: input.isEntryPoint,
          enabled: input.enabled,
          config: jsonColumn(
            input.config === undefined ? undefined : deepMerge(current.config, input.config),
          ),
          presentation: jsonColumn(input.presentation),
        };
        return this.items.update(itemId, data, tx);
      }),
    );
  }

  async delete(principal: Principal, productId: string, surfaceId: string, itemId: string): Promise<void> {
    if (!(await this.items.delete(principal.tenantId, productId, surfaceId, itemId)))
      throw AppError.notFound('Surface item');
  }

  /** `endpointSlug` is unique per surface: a clash is a 409 that names the slug. */
  private async uniqueSlug<T>(endpointSlug: string | null | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw AppError.conflict(
          `An item with endpointSlug '${endpointSlug}' already exists on this surface`,
          {
            endpointSlug,
          },
        );
      }
      throw error;
    }
  }
}
