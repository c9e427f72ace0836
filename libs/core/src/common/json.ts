import { Prisma } from '@app/database';

export type JsonObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge for `canvas`/`spec`/`config` updates: objects merge key by key, everything else
 * (arrays, scalars, null) replaces. Never mutates its inputs.
 */
export function deepMerge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(patch)) return patch;
  const merged: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    merged[key] = key in target ? deepMerge(target[key], value) : value;
  }
  return merged;
}

/**
 * The value to write to a nullable JSON column: undefined leaves it as is, null stores SQL
 * NULL, anything else stores the JSON value.
 */
export function jsonColumn(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull | undefined {
  if (value === undefined) return undefined;
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}
