import type { Queue } from 'bullmq';
import { NotFoundError } from '../errors/NotFoundError';
import { newPingEventId, newRedeliveryId } from '../orders/ids';
import { DELIVERY_TIMEOUT_MS, deliverOnce, type DeliveryOutcomeCode } from './deliver';
import { DEAD_LETTER_LENGTH, type DeliveryLog } from './deliveryLog';
import { DEFAULT_RETRY_POLICY, deliveryJobOptions } from './retryPolicy';
import type { SubscriptionStore } from './SubscriptionStore';
import type { WebhookEvent } from './webhookEvent';
import type { WebhookJobData } from './webhookJob';

export interface WebhookToolsDeps {
  subscriptions: SubscriptionStore;
  log: DeliveryLog;
  queue: Queue<WebhookJobData>;
  /** Wall-clock milliseconds for a ping's signature (see DeliveryProcessorDeps.wallClock). */
  wallClock?: () => number;
}

export interface Redelivery {
  deliveryId: string;
  redeliveryOf: string;
  eventId: string;
  eventType: string;
}

export interface PingResult {
  eventId: string;
  delivered: boolean;
  httpStatus?: number;
  /** R53: the coarse outcome when not delivered, as the delivery log keeps it. */
  error?: DeliveryOutcomeCode;
}

/**
 * R63, the desk's webhook tools. A redelivery queues the same event (same `id`, so receivers
 * deduplicate) as a new delivery with retries of its own; a ping is one signed POST answered at once.
 */
export class WebhookTools {
  private readonly wallClock: () => number;

  constructor(private readonly deps: WebhookToolsDeps) {
    this.wallClock = deps.wallClock ?? Date.now;
  }

  async redeliver(subscriptionId: string, deliveryId: string): Promise<Redelivery> {
    await this.existing(subscriptionId);
    const event = await this.eventOf(subscriptionId, deliveryId);
    if (event === null) throw new NotFoundError('webhook delivery', deliveryId);
    const redelivery = newRedeliveryId();
    await this.deps.queue.add(event.type, { subscriptionId, event, redeliveryOf: deliveryId }, { ...deliveryJobOptions(DEFAULT_RETRY_POLICY), jobId: redelivery });
    return { deliveryId: redelivery, redeliveryOf: deliveryId, eventId: event.id, eventType: event.type };
  }

  async ping(subscriptionId: string): Promise<PingResult> {
    const target = await this.deps.subscriptions.deliveryTarget(subscriptionId);
    if (target === null) throw new NotFoundError('webhook subscription', subscriptionId);
    const now = this.wallClock();
    const event = { id: newPingEventId(), type: 'ping', occurredAt: new Date(now).toISOString(), webhookId: subscriptionId };
    const result = await deliverOnce({
      url: target.url,
      secret: target.secret,
      body: JSON.stringify(event),
      deliveryId: event.id,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      now,
      targets: this.deps.subscriptions.targets,
    });
    return {
      eventId: event.id,
      delivered: result.ok,
      ...(result.httpStatus !== undefined && { httpStatus: result.httpStatus }),
      // R53: the same coarse outcome the delivery log keeps (`timeout`, `refused_target`…), no internal detail.
      ...(!result.ok && { error: result.outcome }),
    };
  }

  private async existing(subscriptionId: string): Promise<void> {
    if ((await this.deps.subscriptions.get(subscriptionId)) === null) throw new NotFoundError('webhook subscription', subscriptionId);
  }

  /**
   * The event a delivery carried: from its job while BullMQ keeps it (a day after success, a week
   * after failure), else from the subscription's dead letters.
   */
  private async eventOf(subscriptionId: string, deliveryId: string): Promise<WebhookEvent | null> {
    const job = await this.deps.queue.getJob(deliveryId);
    if (job?.data.subscriptionId === subscriptionId) return job.data.event;
    const dead = await this.deps.log.deadLetters(subscriptionId, DEAD_LETTER_LENGTH);
    return dead.find((letter) => letter.deliveryId === deliveryId)?.event ?? null;
  }
}
