/*
 * The flow template language: `{{ dotted.path }}` lookups into the run scope and nothing else.
 * Templates are written by tenants, so there are deliberately no expressions or helpers.
 */

interface Expression {
  /** The path as written, for `templateVariables`. */
  readonly dotted: string;
  /** Empty when the path touches prototype machinery: such a lookup always misses. */
  readonly segments: readonly string[];
}

interface CompiledString {
  /** Set when the string is exactly one template, which renders to the raw value. */
  readonly whole: Expression | undefined;
  readonly parts: ReadonlyArray<string | Expression>;
}

const TEMPLATE = /\{\{([^{}]*)\}\}/g;
// Own keys named like this exist in JSON.parse output, so hasOwn alone does not keep lookups out of them.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
// Flows change rarely, so a few thousand distinct strings cover the working set; the bound only stops
// a stream of ever-new templates from growing the cache forever.
const CACHE_LIMIT = 5000;
const cache = new Map<string, CompiledString>();

function parseExpression(source: string): Expression | undefined {
  const dotted = source.trim();
  const segments = dotted.split('.');
  if (segments.some((segment) => segment === '')) return undefined;
  return { dotted, segments: segments.some((s) => FORBIDDEN_SEGMENTS.has(s)) ? [] : segments };
}

function compile(source: string): CompiledString {
  const parts: Array<string | Expression> = [];
  let expressions = 0;
  let cursor = 0;
  for (const match of source.matchAll(TEMPLATE)) {
    const expression = parseExpression(match[1]);
    // Text that only looks like a template ("{{}}", "{{a..b}}") stays literal text.
    if (!expression) continue;
    if (match.index > cursor) parts.push(source.slice(cursor, match.index));
    parts.push(expression);
    expressions++;
    cursor = match.index + match[0].length;
  }
  if (cursor < source.length) parts.push(source.slice(cursor));
  const whole =
    expressions === 1 && parts.every((part) => typeof part !== 'string' || part.trim() === '')
      ? (parts.find((part) => typeof part !== 'string') as Expression)
      : undefined;
  return { whole, parts };
}

function compiled(source: string): CompiledString {
  let entry = cache.get(source);
  if (!entry) {
    entry = compile(source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, entry);
  }
  return entry;
}

function lookup(scope: unknown, expression: Expression): unknown {
  const { segments } = expression;
  if (segments.length === 0) return undefined;
  let current = scope;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** How a value reads inside text: missing and null are empty, objects and arrays are JSON. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderString(source: string, scope: unknown): unknown {
  if (!source.includes('{{')) return source;
  const { whole, parts } = compiled(source);
  if (whole) return lookup(scope, whole) ?? null;
  let text = '';
  for (const part of parts) text += typeof part === 'string' ? part : toText(lookup(scope, part));
  return text;
}

/**
 * Renders every string inside a JSON value against `scope`. A string that is exactly one template
 * becomes the referenced value itself (null when missing); any other string is rendered as text.
 * Object keys are not templated. Never mutates `value`.
 */
export function renderTemplate(value: unknown, scope: unknown): unknown {
  if (typeof value === 'string') return renderString(value, scope);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => renderTemplate(item, scope));
  // fromEntries defines keys, so a "__proto__" key in the template stays data instead of a prototype.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderTemplate(item, scope)]));
}

/** Renders a template that must produce text (a URL, a header), whatever the referenced value is. */
export function renderText(source: string, scope: unknown): string {
  // Through renderTemplate so that a non-string from an unvalidated config still renders.
  return toText(renderTemplate(source, scope));
}

/** The distinct dotted paths referenced anywhere in `value`, in order of first appearance. */
export function templateVariables(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (!node.includes('{{')) return;
      for (const part of compiled(node).parts) {
        if (typeof part !== 'string' && part.segments.length > 0) found.add(part.dotted);
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (typeof node === 'object' && node !== null) {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return [...found];
}
