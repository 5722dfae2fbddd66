import type { Queue } from 'bullmq';
import type { RedisClient } from '../store/redis';
import type { OrderView } from '../engine/types';
import { webhookKeys } from './keys';
import { PendingSeqs } from './pendingSeqs';
import { DEFAULT_RETRY_POLICY, deliveryJobOptions, type RetryPolicy } from './retryPolicy';
import type { SubscriptionStore } from './SubscriptionStore';
import { stateChangedEvent } from './webhookEvent';
import { deliveryJobId, type WebhookJobData } from './webhookJob';

export interface StateChange {
  orderId: string;
  /** The history seq of the transition: deliveries of one order go out in this order. */
  seq: number;
  occurredAt: string;
  view: OrderView;
}

/**
 * Called by the outbox relay for every state change: one delivery job per matching subscription.
 * Safe to repeat after a crash (R41): the pending seq is added with NX and the job id is deterministic.
 * The seq is recorded BEFORE the job exists, so no later seq of the order can overtake a job that is
 * about to be added.
 */
export async function enqueueStateChange(params: {
  queue: Queue<WebhookJobData>;
  store: SubscriptionStore;
  redis: RedisClient;
  prefix: string;
  change: StateChange;
  retry?: RetryPolicy;
}): Promise<number> {
  const { queue, store, redis, prefix, change } = params;
  const subscriptions = await store.matching('port_order.state_changed');
  if (subscriptions.length === 0) return 0;

  const pending = new PendingSeqs(redis, webhookKeys(prefix));
  await Promise.all(subscriptions.map((s) => pending.add(s.id, change.orderId, change.seq)));

  const event = stateChangedEvent(change);
  const options = deliveryJobOptions(params.retry ?? DEFAULT_RETRY_POLICY);
  await queue.addBulk(
    subscriptions.map((s) => ({
      name: event.type,
      data: { subscriptionId: s.id, event },
      opts: { ...options, jobId: deliveryJobId(s.id, change.orderId, change.seq) },
    })),
  );
  return subscriptions.length;
}
