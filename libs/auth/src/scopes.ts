/** Areas a platform API key can be scoped to; `*` grants everything, `<AREA>:*` a whole area. */
export const SCOPE_AREAS = ['PRODUCTS', 'SCHEDULES', 'RECORDS', 'FLOWS', 'BATCH'] as const;
export const SCOPE_ACTIONS = ['READ', 'WRITE', 'EXECUTE'] as const;

export type ScopeArea = (typeof SCOPE_AREAS)[number];
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];
export type Scope = `${ScopeArea}:${ScopeAction}`;

/** Every scope a key may carry, in a stable order (used by validation and the OpenAPI doc). */
export const ALL_SCOPES: readonly string[] = [
  '*',
  ...SCOPE_AREAS.flatMap((area) => [`${area}:*`, ...SCOPE_ACTIONS.map((action) => `${area}:${action}`)]),
];

export function isValidScope(scope: string): boolean {
  return ALL_SCOPES.includes(scope);
}

export function hasScope(granted: readonly string[], required: Scope): boolean {
  const [area] = required.split(':');
  return granted.some((scope) => scope === '*' || scope === required || scope === `${area}:*`);
}
