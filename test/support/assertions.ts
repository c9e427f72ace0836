import type { TestResponse } from './test-app';

/** Every error has the one body shape, and its requestId is the response's x-request-id. */
export function expectError(res: TestResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(typeof res.body.error).toBe('string');
  expect(res.body.error.length).toBeGreaterThan(0);
  expect(typeof res.body.requestId).toBe('string');
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

/** The sorted field paths of a 400's details. */
export function issuePaths(res: TestResponse): string[] {
  expectError(res, 400, 'VALIDATION_FAILED');
  expect(Array.isArray(res.body.details)).toBe(true);
  return (res.body.details as Array<{ path: string }>).map((detail) => detail.path).sort();
}
