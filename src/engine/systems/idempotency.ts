import { RequestInProgressError } from '../../errors/RequestInProgressError';
import type { OrderStore } from '../../store/OrderStore';

/** R40: "at least 24 hours"; a little more so a client retrying at the 24 h mark still gets its answer. */
export const IDEMPOTENCY_TTL_SECONDS = 25 * 3600;

/** The first answer to a repeated request (R40); a claim still in progress is a 409 to retry. */
export async function replayOf(store: OrderStore, scope: string, key: string): Promise<unknown> {
  const stored = await store.readIdempotent(scope, key);
  if (stored === null) return null;
  if (stored === '') throw new RequestInProgressError(key);
  return JSON.parse(stored);
}
