import { parametersSchemaOf } from './parameters-schema';

describe('parametersSchemaOf', () => {
  it('lists each distinct first segment after inputs., in order of first use', () => {
    const steps = [
      { name: 'a', type: 'transform', config: { template: { q: '{{inputs.query}}', r: '{{_record.id}}' } } },
      {
        name: 'b',
        type: 'http',
        config: { url: 'https://x/{{inputs.address.city}}/{{inputs.query}}', body: '{{steps.a.output}}' },
      },
    ];
    expect(parametersSchemaOf(steps)).toEqual({
      type: 'object',
      properties: { query: {}, address: {} },
      required: [],
    });
    expect(Object.keys(parametersSchemaOf(steps).properties)).toEqual(['query', 'address']);
  });

  it('is an empty object schema when no input is referenced (whole-object {{inputs}} names none)', () => {
    expect(parametersSchemaOf([{ config: { template: '{{inputs}} {{_record.name}}' } }])).toEqual({
      type: 'object',
      properties: {},
      required: [],
    });
  });
});
