export const API_KEY_PREFIXES = { production: 'rt_live_', test: 'rt_test_' } as const;

export type Credential =
  | { kind: 'api_key'; token: string }
  | { kind: 'session'; token: string }
  | { kind: 'unsupported'; token: string };

interface HeaderBag {
  authorization?: string | string[];
  'x-api-key'?: string | string[];
}

/**
 * `Authorization: Bearer <token>`, a bare `Authorization: <token>`, or `X-API-Key: <token>`.
 * `rt_live_`/`rt_test_` tokens are platform API keys; a three-part JWT is a Clerk session;
 * anything else (surface keys `papi_…`, `sk_…`) is not accepted on management routes.
 */
export function extractCredential(headers: HeaderBag): Credential | undefined {
  const authorization = first(headers.authorization)?.trim();
  const token = authorization
    ? authorization.replace(/^Bearer\s+/i, '').trim()
    : first(headers['x-api-key'])?.trim();
  if (!token) return undefined;
  if (token.startsWith(API_KEY_PREFIXES.production) || token.startsWith(API_KEY_PREFIXES.test)) {
    return { kind: 'api_key', token };
  }
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { kind: 'session', token };
  return { kind: 'unsupported', token };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
