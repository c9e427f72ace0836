import { createHash } from 'node:crypto';
import { isPlainObject } from '../common/json';

/**
 * JSON with object keys sorted (recursively, by UTF-16 code unit) and no whitespace; arrays keep
 * their order. Two values equal as JSON serialize identically, whatever their key order, which
 * jsonb does not preserve anyway.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `productObjectHash` when the client sends none: sha256 hex of the canonical JSON. */
export function productObjectHash(productObject: unknown): string {
  return createHash('sha256').update(canonicalJson(productObject)).digest('hex');
}
