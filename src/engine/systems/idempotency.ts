import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../../errors/IdempotencyKeyReusedError';
import type { OrderStore } from '../../store/OrderStore';
import type { IdempotencyRecord } from '../../store/types';
import { writeCanonicalJson } from '../../util/canonicalJson';
import type { Actor } from '../types';

/** R40: "at least 24 hours"; a little more so a client retrying at the 24 h mark still gets its answer. */
export const IDEMPOTENCY_TTL_SECONDS = 25 * 3600;

/** The requests an Idempotency-Key can stand for; part of the fingerprint, so a key never crosses from one to another. */
export type IdempotentOperation = 'create-order' | 'create-project' | 'event';

/**
 * A request carrying an Idempotency-Key (R40, R54). Its record is kept per caller — the API key
 * (or queue actor) that sent it — so one caller's key never answers another's request, and holds
 * the request's fingerprint and its answer, never the request itself: the same key with another
 * body, event or order is refused instead of answered with an unrelated result.
 */
export interface IdempotentRequest {
  /** The Idempotency-Key as the client sent it (named in errors). */
  key: string;
  /** `<caller digest>:<key>`: where the record lives. */
  recordKey: string;
  /** SHA-256 of the operation, its target order and the body with sorted keys. */
  fingerprint: string;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function idempotentRequest(
  actor: Actor,
  key: string | undefined,
  operation: IdempotentOperation,
  target: string,
  input: unknown,
): IdempotentRequest | undefined {
  if (key === undefined) return undefined;
  return {
    key,
    // A digest, not the caller's name: API key identities must not appear in Redis key names.
    recordKey: `${sha256Hex(`caller\n${actor.key ?? actor.id}`).slice(0, 16)}:${key}`,
    fingerprint: fingerprintOf(operation, target, input),
  };
}

function fingerprintOf(operation: IdempotentOperation, target: string, input: unknown): string {
  const hash = createHash('sha256').update(`${operation}\n${target}\n`, 'utf8');
  writeCanonicalJson(input, (chunk) => hash.update(chunk, 'utf8'));
  return hash.digest('hex');
}

/** A record is `<fingerprint> <answer JSON>`. */
function recordOf(request: IdempotentRequest, answer: string): string {
  return `${request.fingerprint} ${answer}`;
}

/** The record a commit writes with its transition (R38: atomically). */
export function commitRecordOf(request: IdempotentRequest | undefined, answer: unknown): IdempotencyRecord | undefined {
  if (!request) return undefined;
  return { key: request.recordKey, response: recordOf(request, JSON.stringify(answer)), ttlSeconds: IDEMPOTENCY_TTL_SECONDS };
}

/** The first answer, if the record is this request's; 422 when the key stands for another request. */
export function answerFrom(request: IdempotentRequest, record: string): unknown {
  const space = record.indexOf(' ');
  if (space < 0 || record.slice(0, space) !== request.fingerprint) throw new IdempotencyKeyReusedError(request.key);
  return JSON.parse(record.slice(space + 1));
}

/** The first answer to a repeated request (R40), or null when the key is new. */
export async function replayOf(store: OrderStore, request: IdempotentRequest | undefined): Promise<unknown> {
  if (!request) return null;
  const record = await store.readIdempotent(request.recordKey);
  return record === null ? null : answerFrom(request, record);
}
