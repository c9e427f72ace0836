import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/database';
import { defaultFlowEngine, type FlowStep } from '@app/flow-engine';
import { AppError } from '../common/app-error';
import { paginate, type CursorQuery, type Page } from '../common/pagination';
import { ownershipOf, type Principal } from '../common/principal';
import { FlowsRepository, type FlowRow } from './flows.repository';

export interface CreateFlowInput {
  name: string;
  description?: string | null;
  steps: FlowStep[];
}

export type UpdateFlowInput = Partial<CreateFlowInput>;

@Injectable()
export class FlowsService {
  constructor(private readonly flows: FlowsRepository) {}

  list(principal: Principal, query: CursorQuery & { search?: string }): Promise<Page<FlowRow>> {
    return paginate(
      query,
      (page) => this.flows.list(principal.tenantId, page, query.search),
      () => this.flows.count(principal.tenantId, query.search),
    );
  }

  create(principal: Principal, input: CreateFlowInput): Promise<FlowRow> {
    assertValidSteps(input.steps);
    return this.flows.create(ownershipOf(principal), {
      name: input.name,
      description: input.description,
      steps: input.steps as unknown as Prisma.InputJsonValue,
    });
  }

  async get(principal: Principal, id: string): Promise<FlowRow> {
    const flow = await this.flows.findById(principal.tenantId, id);
    if (!flow) throw AppError.notFound('Flow');
    return flow;
  }

  async update(principal: Principal, id: string, input: UpdateFlowInput): Promise<FlowRow> {
    if (input.steps) assertValidSteps(input.steps);
    const flow = await this.flows.update(principal.tenantId, id, {
      name: input.name,
      description: input.description,
      steps: input.steps as unknown as Prisma.InputJsonValue | undefined,
    });
    if (!flow) throw AppError.notFound('Flow');
    return flow;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.flows.delete(principal.tenantId, id))) throw AppError.notFound('Flow');
  }
}

/** Unknown step types and bad step configs are a 400 at create/update time, not a failed run later. */
function assertValidSteps(steps: FlowStep[]): void {
  const result = defaultFlowEngine.validateSteps(steps);
  if (!result.ok) {
    throw AppError.validation(
      'Invalid flow steps',
      result.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
}
