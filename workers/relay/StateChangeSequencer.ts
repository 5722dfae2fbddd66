import type { RedisClient } from '../../src/store/redis';
import type { HistoryEntry } from '../../src/store/types';

/** Raised when an order's event is dispatched before an earlier one of the same order. */
export class StateChangeOutOfOrderError extends Error {
  readonly code = 'state_change_out_of_order';
  constructor(orderId: string, seq: number, earlierSeq: number) {
    super(`event ${orderId}#${seq} waits for #${earlierSeq}, which is not queued yet`);
  }
}

/** Fields of the order's own hash, so the marker lives exactly as long as the order. */
const MARKER_FIELD = 'lastPublishedSeq';
/** Before R44 only state changes were published, and this marked the last one queued. */
const STATE_CHANGE_MARKER_FIELD = 'lastQueuedChange';

/**
 * SPEC §5.1 and R44: every accepted event of an order is published, in `seq` order. Within one relay
 * the outbox is read in order, but two relays (or one relay's blocking loop and a drain) can each
 * hold an event of the same order. So before an event is queued for webhooks and `portflow-events`,
 * the one before it must be queued; otherwise the entry is left pending and retried.
 *
 * An order published before R44 has only the state-change marker, and its UPDATEs of that time were
 * never published: until its first event under the new marker, only its state changes are waited for.
 */
export class StateChangeSequencer {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: { history(orderId: string): string; order(orderId: string): string },
  ) {}

  /** Throws `StateChangeOutOfOrderError` while an earlier event of the order is not queued yet. */
  async assertInOrder(orderId: string, seq: number): Promise<void> {
    const [published, stateChange] = await this.redis.hmget(this.keys.order(orderId), MARKER_FIELD, STATE_CHANGE_MARKER_FIELD);
    if (published !== null) {
      if (seq > Number(published) + 1) throw new StateChangeOutOfOrderError(orderId, seq, seq - 1);
      return;
    }
    const lastQueued = Number(stateChange ?? 0);
    if (seq <= lastQueued + 1) return;
    // History index = seq - 1: the entries strictly between the last queued change and this one.
    const between = await this.redis.lrange(this.keys.history(orderId), lastQueued, seq - 2);
    for (const raw of between) {
      const entry = JSON.parse(raw) as HistoryEntry;
      if (entry.from !== entry.to) throw new StateChangeOutOfOrderError(orderId, seq, entry.seq);
    }
  }

  /** Records that this event is queued (never moves back: a re-dispatch after a crash is harmless). */
  async markQueued(orderId: string, seq: number): Promise<void> {
    await this.redis.eval(
      "local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 0",
      1,
      this.keys.order(orderId),
      MARKER_FIELD,
      String(seq),
    );
  }
}
