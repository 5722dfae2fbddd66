import type { ApplyOptions } from '../engine/types';

/**
 * The headers a write may carry (R39, R40), as route schemas: Fastify validates them before the
 * handler runs, so a malformed one is a 400 `validation_failed` naming `headers.if-match` or
 * `headers.idempotency-key`, and the handler only converts what already passed.
 */

const idempotencyKey = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  // Printable ASCII only: the key is stored and compared byte for byte.
  pattern: '^[\\x20-\\x7E]+$',
  description: 'R40: repeating a request with the same key returns the first answer without a second change (24 h).',
} as const;

const ifMatch = {
  type: 'string',
  // A version number, bare or as an ETag (`7` or `"7"`); 15 digits stay exact as a JS number.
  pattern: '^(?:[0-9]{1,15}|"[0-9]{1,15}")$',
  description: 'R39: the order version the change was computed from; a different stored version is 409 version_conflict.',
} as const;

/** Creates (orders, projects) can be retried safely. */
export const createHeadersSchema = {
  type: 'object',
  properties: { 'idempotency-key': idempotencyKey },
} as const;

/** Events can also be conditional on the version the client saw. */
export const eventHeadersSchema = {
  type: 'object',
  properties: { 'if-match': ifMatch, 'idempotency-key': idempotencyKey },
} as const;

export interface WriteHeaders {
  'if-match'?: string;
  'idempotency-key'?: string;
}

/** Headers (already validated by the schemas above) → the engine's options. */
export function applyOptionsFrom(headers: WriteHeaders): ApplyOptions {
  const options: ApplyOptions = {};
  const version = headers['if-match'];
  if (version !== undefined) options.ifMatch = Number(version.replaceAll('"', ''));
  const key = headers['idempotency-key'];
  if (key !== undefined) options.idempotencyKey = key;
  return options;
}

/** The ETag of an order version, the value a client sends back in If-Match. */
export const etagOf = (version: number): string => `"${version}"`;
