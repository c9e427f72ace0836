import type { StepExecutor } from './step-executor.interface';

export class StepExecutorRegistry {
  private readonly executors = new Map<string, StepExecutor>();

  constructor(executors: Iterable<StepExecutor> = []) {
    for (const executor of executors) this.register(executor);
  }

  register(executor: StepExecutor): this {
    if (this.executors.has(executor.type)) {
      throw new Error(`A step executor for type '${executor.type}' is already registered`);
    }
    this.executors.set(executor.type, executor);
    return this;
  }

  get(type: string): StepExecutor | undefined {
    return this.executors.get(type);
  }

  types(): string[] {
    return [...this.executors.keys()];
  }
}
