import type { RedisClient } from '../../src/store/redis';
import type { HistoryEntry } from '../../src/store/types';

/** Raised when a state change is dispatched before an earlier one of the same order. */
export class StateChangeOutOfOrderError extends Error {
  readonly code = 'state_change_out_of_order';
  constructor(orderId: string, seq: number, earlierSeq: number) {
    super(`state change ${orderId}#${seq} waits for #${earlierSeq}, which another relay has not queued yet`);
  }
}

/** A field of the order's own hash, so the marker lives exactly as long as the order. */
const MARKER_FIELD = 'lastQueuedChange';

/**
 * SPEC §5.1: deliveries for one order are in `seq` order. Within one relay the outbox is read in
 * order, but two relays (two worker processes) can each hold a state change of the same order. So
 * before a state change is queued for webhooks and `portflow-events`, every earlier state change of
 * that order (read from its history, where `from` ≠ `to`) must already be queued; otherwise the
 * entry is left pending and retried when it is reclaimed, by which time the earlier one is queued.
 */
export class StateChangeSequencer {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: { history(orderId: string): string; order(orderId: string): string },
  ) {}

  /** Throws `StateChangeOutOfOrderError` while an earlier state change of the order is not queued yet. */
  async assertInOrder(orderId: string, seq: number): Promise<void> {
    const lastQueued = Number((await this.redis.hget(this.keys.order(orderId), MARKER_FIELD)) ?? 0);
    if (seq <= lastQueued + 1) return;
    // History index = seq - 1: the entries strictly between the last queued change and this one.
    const between = await this.redis.lrange(this.keys.history(orderId), lastQueued, seq - 2);
    for (const raw of between) {
      const entry = JSON.parse(raw) as HistoryEntry;
      if (entry.from !== entry.to) throw new StateChangeOutOfOrderError(orderId, seq, entry.seq);
    }
  }

  /** Records that this state change is queued (never moves back: a re-dispatch after a crash is harmless). */
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
