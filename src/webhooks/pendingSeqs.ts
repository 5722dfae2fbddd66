import type { RedisClient } from '../store/redis';
import type { WebhookKeys } from './keys';

/**
 * The seqs of one order still on their way to one subscription. Deliveries of an order go out in `seq`
 * order (SPEC §5.1): a job delivers only when no smaller seq is pending. The set is the only shared
 * state between jobs, so it must be filled before the job can run (enqueue) and emptied when a seq is
 * delivered, dead-lettered or skipped (processor).
 */
export class PendingSeqs {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: WebhookKeys,
  ) {}

  /** Idempotent: re-adding a seq (relay retry) changes nothing. */
  async add(subscriptionId: string, orderId: string, seq: number): Promise<void> {
    await this.redis.zadd(this.keys.pendingSeqs(subscriptionId, orderId), 'NX', seq, String(seq));
  }

  async remove(subscriptionId: string, orderId: string, seq: number): Promise<void> {
    await this.redis.zrem(this.keys.pendingSeqs(subscriptionId, orderId), String(seq));
  }

  /** The smallest pending seq, or null when none is pending. */
  async earliest(subscriptionId: string, orderId: string): Promise<number | null> {
    const [member] = await this.redis.zrange(this.keys.pendingSeqs(subscriptionId, orderId), '0', '0');
    return member === undefined ? null : Number(member);
  }
}
