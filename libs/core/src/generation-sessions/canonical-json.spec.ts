import { createHash } from 'node:crypto';
import { canonicalJson, productObjectHash } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('is the same for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: 1, p: 2 } })).toBe(
      canonicalJson({ z: { p: 2, q: 1 }, y: [1, 2], x: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('escapes strings and keys like JSON.stringify and drops undefined members', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak', gone: undefined, é: 'ü' })).toBe(
      '{"k\\"ey":"line\\nbreak","é":"ü"}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(1.5)).toBe('1.5');
  });
});

describe('productObjectHash', () => {
  it('is the sha256 hex of the canonical JSON', () => {
    const expected = createHash('sha256').update('{"a":1,"b":[2,3]}').digest('hex');
    expect(productObjectHash({ b: [2, 3], a: 1 })).toBe(expected);
    expect(productObjectHash({ a: 1, b: [2, 3] })).toMatch(/^[0-9a-f]{64}$/);
  });
});
