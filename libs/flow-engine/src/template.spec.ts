import { renderTemplate, renderText, templateVariables } from './template';

const scope = {
  _record: {
    id: 'r1',
    name: 'Acme',
    type: 'company',
    metadata: { employees: 42, active: true, tags: ['b2b', 'eu'] },
  },
  inputs: { greeting: 'Hello', nothing: null, nested: { deep: { value: 7 } } },
  steps: { fetch: { output: { status: 200, body: { items: [{ id: 'i-1' }, { id: 'i-2' }] } } } },
};

describe('renderTemplate', () => {
  it('returns strings without templates unchanged', () => {
    expect(renderTemplate('plain text', scope)).toBe('plain text');
    expect(renderTemplate('a { single } brace', scope)).toBe('a { single } brace');
  });

  it('keeps the type of a value referenced by a whole-string template', () => {
    expect(renderTemplate('{{_record.metadata.employees}}', scope)).toBe(42);
    expect(renderTemplate('{{_record.metadata.active}}', scope)).toBe(true);
    expect(renderTemplate('{{inputs.nothing}}', scope)).toBeNull();
    expect(renderTemplate('{{_record.metadata.tags}}', scope)).toEqual(['b2b', 'eu']);
    expect(renderTemplate('{{steps.fetch.output}}', scope)).toEqual(scope.steps.fetch.output);
  });

  it('allows whitespace inside and around a whole-string template', () => {
    expect(renderTemplate('  {{  _record.metadata.employees  }} ', scope)).toBe(42);
  });

  it('renders a missing value of a whole-string template as null', () => {
    expect(renderTemplate('{{inputs.absent}}', scope)).toBeNull();
    expect(renderTemplate('{{inputs.greeting.length.x}}', scope)).toBeNull();
    expect(renderTemplate('{{nowhere}}', scope)).toBeNull();
  });

  it('renders mixed text with String() for primitives and JSON for objects and arrays', () => {
    expect(renderTemplate('{{inputs.greeting}}, {{_record.name}}!', scope)).toBe('Hello, Acme!');
    expect(renderTemplate('n={{_record.metadata.employees}} on={{_record.metadata.active}}', scope)).toBe(
      'n=42 on=true',
    );
    expect(renderTemplate('tags: {{_record.metadata.tags}}', scope)).toBe('tags: ["b2b","eu"]');
    expect(renderTemplate('deep: {{inputs.nested.deep}}', scope)).toBe('deep: {"value":7}');
  });

  it('renders missing and null values inside text as empty', () => {
    expect(renderTemplate('[{{inputs.absent}}][{{inputs.nothing}}]', scope)).toBe('[][]');
  });

  it('treats two adjacent templates as text, not as one value', () => {
    expect(renderTemplate('{{_record.metadata.employees}}{{_record.metadata.employees}}', scope)).toBe(
      '4242',
    );
  });

  it('follows numeric indexes into arrays', () => {
    expect(renderTemplate('{{steps.fetch.output.body.items.1.id}}', scope)).toBe('i-2');
    expect(renderTemplate('{{steps.fetch.output.body.items.5.id}}', scope)).toBeNull();
  });

  it('renders every string inside nested objects and arrays without mutating the template', () => {
    const template = {
      company: '{{_record.name}}',
      size: '{{_record.metadata.employees}}',
      ids: ['{{steps.fetch.output.body.items.0.id}}', 'literal', 3, null, false],
      nested: { line: 'Hi {{_record.name}}', deep: { value: '{{inputs.nested.deep.value}}' } },
    };
    const copy = structuredClone(template);
    expect(renderTemplate(template, scope)).toEqual({
      company: 'Acme',
      size: 42,
      ids: ['i-1', 'literal', 3, null, false],
      nested: { line: 'Hi Acme', deep: { value: 7 } },
    });
    expect(template).toEqual(copy);
  });

  it('does not template object keys', () => {
    expect(renderTemplate({ '{{_record.name}}': 1 }, scope)).toEqual({ '{{_record.name}}': 1 });
  });

  it('leaves text that only looks like a template as it is', () => {
    expect(renderTemplate('{{}}', scope)).toBe('{{}}');
    expect(renderTemplate('x {{ a..b }} {{_record.name}}', scope)).toBe('x {{ a..b }} Acme');
  });

  describe('prototype guards', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"name": "own"}}',
    ) as unknown;
    const guarded = { ...scope, inputs: hostile };

    it.each([
      '{{inputs.__proto__}}',
      '{{inputs.__proto__.polluted}}',
      '{{inputs.constructor}}',
      '{{inputs.constructor.name}}',
      '{{_record.constructor.prototype}}',
      '{{inputs.greeting.constructor}}',
      '{{steps.fetch.output.body.items.toString}}',
    ])('resolves %s to nothing', (template) => {
      expect(renderTemplate(template, guarded)).toBeNull();
      expect(renderTemplate(`[${template}]`, guarded)).toBe('[]');
    });

    it('keeps a "__proto__" key in a template as data without touching any prototype', () => {
      const template = JSON.parse('{"__proto__": {"isAdmin": "{{_record.name}}"}}') as unknown;
      const rendered = renderTemplate(template, scope) as Record<string, unknown>;
      expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
      expect(Object.hasOwn(rendered, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(JSON.stringify(rendered)).toBe('{"__proto__":{"isAdmin":"Acme"}}');
    });
  });
});

describe('renderText', () => {
  it('always produces text', () => {
    expect(renderText('{{_record.metadata.employees}}', scope)).toBe('42');
    expect(renderText('{{inputs.absent}}', scope)).toBe('');
    expect(renderText('{{inputs.nested}}', scope)).toBe('{"deep":{"value":7}}');
  });
});

describe('templateVariables', () => {
  it('lists the distinct paths referenced anywhere, in order of first use', () => {
    const template = {
      url: 'https://api.example.com/{{inputs.region}}/companies/{{ _record.id }}',
      body: { q: '{{inputs.query}}', again: ['{{inputs.region}}', '{{steps.fetch.output.body.items.0.id}}'] },
      count: 3,
    };
    expect(templateVariables(template)).toEqual([
      'inputs.region',
      '_record.id',
      'inputs.query',
      'steps.fetch.output.body.items.0.id',
    ]);
  });

  it('ignores malformed and prototype-touching expressions', () => {
    expect(templateVariables(['{{}}', '{{a..b}}', '{{inputs.__proto__.x}}', 'none', null])).toEqual([]);
  });
});
