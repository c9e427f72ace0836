const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id of the API is a UUID (v7 for ours); anything else names nothing. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
