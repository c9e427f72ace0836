import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';
import { AppError } from '../common/app-error';
import { jsonColumn } from '../common/json';
import type { Principal } from '../common/principal';
import { lockTenantRow } from '../common/tenant-scope';
import { FlowsRepository } from '../flows/flows.repository';
import { CapabilitiesRepository, type CapabilityRow, type CapabilityWrite } from './capabilities.repository';
import { parametersSchemaOf } from './parameters-schema';

export interface CreateCapabilityInput {
  capabilityName: string;
  /** Exactly one of `flowId` / `agentId` (an empty string counts as absent). */
  flowId?: string | null;
  agentId?: string | null;
  capabilityDescription?: string | null;
  parametersSchema?: unknown;
  enabled?: boolean;
}

export interface UpdateCapabilityInput {
  capabilityName?: string;
  capabilityDescription?: string | null;
  parametersSchema?: unknown;
  enabled?: boolean;
  /** Re-derive `parametersSchema` from the flow's `inputs.*` template variables. */
  refreshSchema?: boolean;
}

@Injectable()
export class CapabilitiesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly capabilities: CapabilitiesRepository,
    private readonly flows: FlowsRepository,
  ) {}

  /**
   * Binds a flow or an agent to the product. `displayOrder` is 1 + the product's current maximum,
   * computed under a lock on the product row so that concurrent creates get distinct orders.
   */
  create(principal: Principal, productId: string, input: CreateCapabilityInput): Promise<CapabilityRow> {
    const flowId = input.flowId || null;
    const agentId = input.agentId || null;
    if ((flowId === null) === (agentId === null)) {
      const message = 'Give exactly one of flowId or agentId';
      throw AppError.validation('A capability requires either flowId or agentId', [
        { path: 'agentId', message },
        { path: 'flowId', message },
      ]);
    }
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockTenantRow(tx, 'products', principal.tenantId, productId)))
        throw AppError.notFound('Product');
      if (flowId !== null && !(await this.flows.findById(principal.tenantId, flowId)))
        throw AppError.notFound('Flow');
      return this.capabilities.create(
        {
          tenantId: principal.tenantId,
          productId,
          flowId,
          agentId,
          capabilityName: input.capabilityName,
          capabilityDescription: input.capabilityDescription ?? null,
          parametersSchema: jsonColumn(input.parametersSchema),
          enabled: input.enabled,
          displayOrder: await this.capabilities.nextDisplayOrder(productId, tx),
        },
        tx,
      );
    });
  }

  /** Partial update; `refreshSchema: true` replaces `parametersSchema` with the flow's derived one. */
  update(
    principal: Principal,
    productId: string,
    capabilityId: string,
    input: UpdateCapabilityInput,
  ): Promise<CapabilityRow> {
    if (input.refreshSchema && input.parametersSchema !== undefined) {
      throw AppError.validation('Invalid request body', [
        { path: 'refreshSchema', message: 'Cannot be combined with parametersSchema' },
      ]);
    }
    return this.prisma.$transaction(async (tx) => {
      const current = (await lockTenantRow(tx, 'capabilities', principal.tenantId, capabilityId))
        ? await this.capabilities.findById(principal.tenantId, productId, capabilityId, tx)
        : null;
      if (!current) throw AppError.notFound('Capability');
      const data: CapabilityWrite = {
        capabilityName: input.capabilityName,
        capabilityDescription: input.capabilityDescription,
        parametersSchema: jsonColumn(
          input.refreshSchema ? await this.derivedSchema(principal, current) : input.parametersSchema,
        ),
        enabled: input.enabled,
      };
      return this.capabilities.update(capabilityId, data, tx);
    });
  }

  async delete(principal: Principal, productId: string, capabilityId: string): Promise<void> {
    if (!(await this.capabilities.delete(principal.tenantId, productId, capabilityId)))
      throw AppError.notFound('Capability');
  }

  private async derivedSchema(principal: Principal, capability: CapabilityRow): Promise<unknown> {
    const refuse = (message: string) => AppError.validation(message, [{ path: 'refreshSchema', message }]);
    if (capability.flowId === null) {
      throw refuse(
        capability.agentId === null
          ? "The capability's flow no longer exists"
          : "Only a flow capability's schema can be derived",
      );
    }
    const flow = await this.flows.findById(principal.tenantId, capability.flowId);
    if (!flow) throw refuse("The capability's flow no longer exists");
    return parametersSchemaOf(flow.steps);
  }
}
