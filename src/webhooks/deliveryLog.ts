import type { RedisClient } from '../store/redis';
import type { DeliveryOutcomeCode } from './deliver';
import type { WebhookKeys } from './keys';
import type { WebhookEvent } from './webhookEvent';

/** One delivery attempt, as shown by `GET /v1/webhooks/:id/deliveries`. */
export interface DeliveryAttempt {
  /** The BullMQ job id: one per (subscription, event), shared by all attempts of it. */
  deliveryId: string;
  orderId: string;
  /** null for desk events (notes, documents), which are outside the order's seq. */
  seq: number | null;
  /** 1-based. */
  attempt: number;
  /** `dead`: the last attempt failed and the event was dead-lettered. */
  status: 'delivered' | 'failed' | 'dead';
  httpStatus?: number;
  /** A failed attempt's coarse outcome (R53): `http_<status>`, `timeout`, `connect_failed`, `tls_failed`, `refused_target`. */
  error?: DeliveryOutcomeCode;
  at: string;
}

/** An event that exhausted its attempts, kept whole so ops can see (and replay) what was lost. */
export interface DeadLetter {
  deliveryId: string;
  event: WebhookEvent;
  attempts: number;
  lastError: string;
  at: string;
}

export const DELIVERY_LOG_LENGTH = 1000;
export const DEAD_LETTER_LENGTH = 1000;

/** Per subscription, capped lists (newest first) of attempts and of dead letters. */
export class DeliveryLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: WebhookKeys,
  ) {}

  async record(subscriptionId: string, attempt: DeliveryAttempt): Promise<void> {
    await this.pushCapped(this.keys.deliveries(subscriptionId), attempt, DELIVERY_LOG_LENGTH);
  }

  async recordDeadLetter(subscriptionId: string, deadLetter: DeadLetter): Promise<void> {
    await this.pushCapped(this.keys.deadLetters(subscriptionId), deadLetter, DEAD_LETTER_LENGTH);
  }

  async attempts(subscriptionId: string, limit: number): Promise<DeliveryAttempt[]> {
    return this.readNewest<DeliveryAttempt>(this.keys.deliveries(subscriptionId), limit);
  }

  async deadLetters(subscriptionId: string, limit: number): Promise<DeadLetter[]> {
    return this.readNewest<DeadLetter>(this.keys.deadLetters(subscriptionId), limit);
  }

  /** Forgets both lists (the subscription is gone). */
  async clear(subscriptionId: string): Promise<void> {
    await Promise.all([this.redis.del(this.keys.deliveries(subscriptionId)), this.redis.del(this.keys.deadLetters(subscriptionId))]);
  }

  private async pushCapped(key: string, entry: object, length: number): Promise<void> {
    await this.redis.multi().lpush(key, JSON.stringify(entry)).ltrim(key, 0, length - 1).exec();
  }

  private async readNewest<T>(key: string, limit: number): Promise<T[]> {
    const raw = await this.redis.lrange(key, 0, limit - 1);
    return raw.map((entry) => JSON.parse(entry) as T);
  }
}
