import { templateVariables } from '@app/flow-engine';

/** The JSON Schema `refreshSchema` derives from a flow (see {@link parametersSchemaOf}). */
export interface DerivedParametersSchema {
  type: 'object';
  properties: Record<string, Record<string, never>>;
  required: [];
}

/**
 * The parameters a flow takes are the `inputs.<name>` its steps reference, named by the first
 * segment after `inputs.` (`{{inputs.address.city}}` → `address`), in order of first use. Each is
 * an unconstrained property (`{}`: templates say nothing about types) and none is required (a
 * missing input renders as null/empty, it does not fail the run).
 */
export function parametersSchemaOf(steps: unknown): DerivedParametersSchema {
  const properties: Record<string, Record<string, never>> = {};
  for (const variable of templateVariables(steps)) {
    const [root, name] = variable.split('.');
    if (root === 'inputs' && name !== undefined) properties[name] = {};
  }
  return { type: 'object', properties, required: [] };
}
