import { TransformStepExecutor } from './transform-step.executor';

describe('TransformStepExecutor', () => {
  const executor = new TransformStepExecutor();
  const context = {
    scope: {
      _record: { id: 'r1', name: 'Acme', type: 'company', metadata: { employees: 42 } },
      inputs: { currency: 'EUR' },
      steps: {},
    },
    signal: new AbortController().signal,
  };

  it('outputs the rendered template', async () => {
    await expect(
      executor.execute(
        {
          template: {
            label: '{{_record.name}} ({{inputs.currency}})',
            size: '{{_record.metadata.employees}}',
          },
        },
        context,
      ),
    ).resolves.toEqual({ label: 'Acme (EUR)', size: 42 });
  });

  it('accepts any JSON value as the template and requires one', () => {
    expect(executor.configSchema.safeParse({ template: 'text' }).success).toBe(true);
    expect(executor.configSchema.safeParse({ template: null }).success).toBe(true);
    expect(executor.configSchema.safeParse({}).error?.issues).toEqual([
      expect.objectContaining({ path: ['template'], message: 'template is required' }),
    ]);
  });
});
