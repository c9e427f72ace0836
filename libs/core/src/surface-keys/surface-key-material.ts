import { createHash, randomBytes } from 'node:crypto';

/** Environments of a surface key, each with its own key prefix. */
export const SURFACE_KEY_PREFIXES = {
  production: 'papi_live_',
  test: 'papi_test_',
  development: 'papi_dev_',
} as const;

export type SurfaceKeyEnvironment = keyof typeof SURFACE_KEY_PREFIXES;

export const SURFACE_KEY_ENVIRONMENTS = Object.keys(SURFACE_KEY_PREFIXES) as [
  SurfaceKeyEnvironment,
  ...SurfaceKeyEnvironment[],
];

/** Only development/test keys are stored encrypted (revealable); production keys are hash-only. */
export function isRevealable(environment: string): boolean {
  return environment === 'test' || environment === 'development';
}

export interface SurfaceKeyMaterial {
  /** The plaintext: returned once, never stored in clear. */
  key: string;
  keyHash: string;
  keyPrefix: string;
  keyHint: string;
}

/** `papi_<live|test|dev>_` + 32 random bytes (base64url); stored as its sha256, a prefix and a hint. */
export function generateSurfaceKey(environment: SurfaceKeyEnvironment): SurfaceKeyMaterial {
  const key = `${SURFACE_KEY_PREFIXES[environment]}${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: hashSurfaceKey(key), keyPrefix: key.slice(0, 12), keyHint: `…${key.slice(-4)}` };
}

export function hashSurfaceKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
