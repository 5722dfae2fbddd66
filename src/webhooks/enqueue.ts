import type { Queue } from 'bullmq';
import type { RedisClient } from '../store/redis';
import { webhookKeys } from './keys';
import { PendingSeqs } from './pendingSeqs';
import { DEFAULT_RETRY_POLICY, deliveryJobOptions, type RetryPolicy } from './retryPolicy';
import type { DeskEventEffect } from '../store/types';
import type { SubscriptionStore } from './SubscriptionStore';
import { deskWebhookEvent, webhookEventOf, type PublishedEvent } from './webhookEvent';
import { deliveryJobId, deskDeliveryJobId, type WebhookJobData } from './webhookJob';

/**
 * Called by the outbox relay for every accepted event (R44): one delivery job per subscription that
 * takes its type. Safe to repeat after a crash (R41): the pending seq is added with NX and the job id is
 * deterministic. The seq is recorded BEFORE the job exists, so no later seq of the order can overtake a
 * job that is about to be added.
 */
export async function enqueueOrderEvent(params: {
  queue: Queue<WebhookJobData>;
  store: SubscriptionStore;
  redis: RedisClient;
  prefix: string;
  published: PublishedEvent;
  retry?: RetryPolicy;
}): Promise<number> {
  const { queue, store, redis, prefix, published } = params;
  const event = webhookEventOf(published);
  const subscriptions = await store.matching(event.type);
  if (subscriptions.length === 0) return 0;

  const pending = new PendingSeqs(redis, webhookKeys(prefix));
  await Promise.all(subscriptions.map((s) => pending.add(s.id, published.orderId, published.seq)));

  const options = deliveryJobOptions(params.retry ?? DEFAULT_RETRY_POLICY);
  await queue.addBulk(
    subscriptions.map((s) => ({
      name: event.type,
      data: { subscriptionId: s.id, event },
      opts: { ...options, jobId: deliveryJobId(s.id, published.orderId, published.seq) },
    })),
  );
  return subscriptions.length;
}

/**
 * Called by the outbox relay for a note or document added (R60, R61): one delivery job per
 * subscription that asks for its type. Outside the order's seq, so no pending seq is recorded.
 */
export async function enqueueDeskEvent(params: {
  queue: Queue<WebhookJobData>;
  store: SubscriptionStore;
  effect: DeskEventEffect;
  retry?: RetryPolicy;
}): Promise<number> {
  const subscriptions = await params.store.matching(params.effect.eventType);
  if (subscriptions.length === 0) return 0;
  const event = deskWebhookEvent(params.effect);
  const options = deliveryJobOptions(params.retry ?? DEFAULT_RETRY_POLICY);
  await params.queue.addBulk(
    subscriptions.map((s) => ({
      name: event.type,
      data: { subscriptionId: s.id, event },
      opts: { ...options, jobId: deskDeliveryJobId(s.id, event.id) },
    })),
  );
  return subscriptions.length;
}
