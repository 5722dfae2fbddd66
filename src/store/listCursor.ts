import { InvalidCursorError } from './errors/InvalidCursorError';

/**
 * The list cursor names the last order of a page by its position in the index: createdAt score
 * plus id (scores tie when orders are created in the same millisecond). A position, unlike an
 * offset, stays right when newer orders are inserted while a client pages. Opaque to clients.
 */
export interface ListPosition {
  score: number;
  id: string;
}

const POSITION = /^(\d{1,16}):(.{1,200})$/s;

export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(`${position.score}:${position.id}`).toString('base64url');
}

export function decodeListCursor(cursor: string): ListPosition {
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString());
  const score = match ? Number(match[1]) : NaN;
  if (!match || !Number.isSafeInteger(score)) throw new InvalidCursorError('cursor', cursor);
  return { score, id: match[2] };
}
