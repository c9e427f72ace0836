import { SecretBox } from './secret-box';

const SECRET = 'a-test-app-secret-that-is-32-chars-long!';

describe('SecretBox', () => {
  const box = new SecretBox(SECRET);

  it('round-trips a value, with a fresh IV each time', () => {
    const plaintext = 'papi_test_Zm9vYmFyYmF6cXV4';
    const first = box.seal(plaintext);
    const second = box.seal(plaintext);
    expect(first).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(first).not.toContain(plaintext);
    expect(second).not.toBe(first);
    expect(box.open(first)).toBe(plaintext);
    expect(box.open(second)).toBe(plaintext);
    expect(new SecretBox(SECRET).open(first)).toBe(plaintext);
  });

  it('round-trips an empty and a non-ASCII value', () => {
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('clé 🔑'))).toBe('clé 🔑');
  });

  it('throws when the ciphertext, tag or IV was tampered with', () => {
    const [version, iv, tag, ciphertext] = box.seal('papi_test_secret').split(':');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    expect(() => box.open([version, iv, tag, flip(ciphertext)].join(':'))).toThrow();
    expect(() => box.open([version, iv, flip(tag), ciphertext].join(':'))).toThrow();
    expect(() => box.open([version, flip(iv), tag, ciphertext].join(':'))).toThrow();
  });

  it('throws on a malformed or unversioned value', () => {
    const [, iv, tag, ciphertext] = box.seal('x').split(':');
    expect(() => box.open(`v2:${iv}:${tag}:${ciphertext}`)).toThrow('Unrecognised sealed value');
    expect(() => box.open('papi_test_plain')).toThrow('Unrecognised sealed value');
    expect(() => box.open(`v1:${iv}:AAAA:${ciphertext}`)).toThrow('Malformed sealed value');
  });

  it('cannot be opened with another secret', () => {
    const sealed = box.seal('papi_test_secret');
    expect(() => new SecretBox(`${SECRET}-rotated`).open(sealed)).toThrow();
  });
});
