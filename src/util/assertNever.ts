/**
 * Makes a switch over a union exhaustive: adding a member without a case becomes a type error,
 * and a value that slips past the types at run time (bad JSON from Redis) fails loudly.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
