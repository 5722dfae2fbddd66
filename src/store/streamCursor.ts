import { InvalidCursorError } from './errors/InvalidCursorError';

/**
 * A Redis stream entry id used as a paging cursor (`<ms>-<seq>`, each part an unsigned 64-bit
 * integer). Checked here rather than by Redis: an id past 2^64 − 1 makes XRANGE fail, and that
 * must be the client's 400, not a 500 (R56).
 */
export interface StreamId {
  ms: bigint;
  seq: bigint;
}

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const UINT64_MAX = 2n ** 64n - 1n;

export function parseStreamCursor(parameter: 'after' | 'cursor', value: string): StreamId {
  const match = STREAM_ID.exec(value);
  const id = match ? { ms: BigInt(match[1]), seq: BigInt(match[2]) } : null;
  if (id === null || id.ms > UINT64_MAX || id.seq > UINT64_MAX) throw new InvalidCursorError(parameter, value);
  return id;
}

/** Negative when `a` comes before `b` in the stream. */
export function compareStreamIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  return a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1;
}

export function isLastStreamId(id: StreamId): boolean {
  return id.ms === UINT64_MAX && id.seq === UINT64_MAX;
}
