import { z } from 'zod';
import type { StepContext, StepExecutor } from './step-executor.interface';
import { renderTemplate } from './template';

const transformStepConfigSchema = z.object({
  // z.json() alone reports a missing template as an opaque union failure.
  template: z
    .unknown()
    .refine((value) => value !== undefined, 'template is required')
    .pipe(z.json()),
});

export type TransformStepConfig = z.infer<typeof transformStepConfigSchema>;

/** Builds JSON from a template; the output is the rendered value. */
export class TransformStepExecutor implements StepExecutor<TransformStepConfig> {
  readonly type = 'transform';
  readonly configSchema = transformStepConfigSchema;

  async execute(config: TransformStepConfig, context: StepContext): Promise<unknown> {
    return renderTemplate(config.template, context.scope);
  }
}
