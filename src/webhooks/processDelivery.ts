import { DelayedError, type Job, type Processor, type Queue } from 'bullmq';
import type { RedisClient } from '../store/redis';
import { DELIVERY_TIMEOUT_MS, deliverOnce } from './deliver';
import { DeliveryLog } from './deliveryLog';
import { webhookKeys } from './keys';
import { PendingSeqs } from './pendingSeqs';
import { WebhookTargetPolicy } from './targetPolicy';
import { DomainCounters } from '../metrics/DomainCounters';
import type { SubscriptionStore } from './SubscriptionStore';
import { deliveryJobId, type WebhookJobData } from './webhookJob';

export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus?: number }
  | { status: 'skipped'; reason: 'subscription_deleted' };

/** How long a job waits while an earlier seq of its order is still pending: doubling from min to max. */
export interface BlockedWait {
  minMs: number;
  maxMs: number;
}

export interface DeliveryProcessorDeps {
  redis: RedisClient;
  prefix: string;
  subscriptions: SubscriptionStore;
  /** The `portflow-webhooks` queue, to notice a pending seq whose job was removed by hand. */
  queue: Queue<WebhookJobData>;
  timeoutMs?: number;
  blockedWait?: BlockedWait;
  /**
   * Wall-clock milliseconds, NOT the (sandbox) service clock: the signature's `t` is checked by the
   * receiver against its own clock, and the log shows when attempts really happened.
   */
  wallClock?: () => number;
  /** R53: where deliveries may connect; by default public unicast addresses only. */
  targets?: WebhookTargetPolicy;
}

const DEFAULT_BLOCKED_WAIT: BlockedWait = { minMs: 1000, maxMs: 5 * 60_000 };

/**
 * A pending seq is only suspected of being orphaned after this many waits: right after the relay
 * records a seq its job may not be added yet (enqueueOrderEvent), and it must not be skipped then.
 */
const WAITS_BEFORE_ORPHAN_CHECK = 5;

/**
 * The processor of queue `portflow-webhooks`: keeps each order's deliveries in seq order, delivers,
 * logs every attempt, and dead-letters an event after its last attempt so the order's later events
 * flow again. A throw makes BullMQ retry with the job's backoff (enqueue sets it).
 */
export function createDeliveryProcessor(deps: DeliveryProcessorDeps): Processor<WebhookJobData, DeliveryOutcome> {
  const keys = webhookKeys(deps.prefix);
  const pending = new PendingSeqs(deps.redis, keys);
  const log = new DeliveryLog(deps.redis, keys);
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const blockedWait = deps.blockedWait ?? DEFAULT_BLOCKED_WAIT;
  const wallClock = deps.wallClock ?? Date.now;
  const targets = deps.targets ?? new WebhookTargetPolicy();
  const counters = new DomainCounters(deps.redis, deps.prefix);

  /** The earliest pending seq before `seq`, or null when `seq` may go now. */
  async function earlierPendingSeq(job: Job<WebhookJobData>, orderId: string, seq: number): Promise<number | null> {
    const { subscriptionId } = job.data;
    for (;;) {
      const earliest = await pending.earliest(subscriptionId, orderId);
      if (earliest === null || earliest >= seq) return null;
      if (blockedWaitsSoFar(job) < WAITS_BEFORE_ORPHAN_CHECK) return earliest;
      const state = await deps.queue.getJobState(deliveryJobId(subscriptionId, orderId, earliest));
      if (state !== 'unknown') return earliest;
      await pending.remove(subscriptionId, orderId, earliest);
    }
  }

  return async (job, token) => {
    const { subscriptionId, event } = job.data;
    const orderId = event.order.id;
    // Only a first delivery of a state change keeps the order's seq order: desk events are outside
    // the seq, and a redelivery (R63) is a replay that the order's later events must not wait for.
    const orderedSeq = event.seq !== null && job.data.redeliveryOf === undefined ? event.seq : null;
    const settle = async () => {
      if (orderedSeq !== null) await pending.remove(subscriptionId, orderId, orderedSeq);
    };
    const target = await deps.subscriptions.deliveryTarget(subscriptionId);
    if (target === null) {
      await settle();
      return { status: 'skipped', reason: 'subscription_deleted' };
    }

    if (orderedSeq !== null && (await earlierPendingSeq(job, orderId, orderedSeq)) !== null) {
      const wait = Math.min(blockedWait.minMs * 2 ** Math.min(blockedWaitsSoFar(job), 30), blockedWait.maxMs);
      // Moving to delayed does not consume an attempt; DelayedError tells the worker the job was moved.
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }

    const deliveryId = job.id ?? deliveryJobId(subscriptionId, orderId, event.seq ?? 0);
    const now = wallClock();
    const result = await deliverOnce({
      url: target.url,
      secret: target.secret,
      body: JSON.stringify(event),
      deliveryId,
      timeoutMs,
      now,
      targets,
    });
    // §9 /metrics: deliveries by outcome (best effort: a lost count must not fail the delivery).
    void counters.webhookDelivery(result.outcome).catch(() => undefined);
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    const status = result.ok ? 'delivered' : lastAttempt ? 'dead' : 'failed';
    const at = new Date(now).toISOString();
    await log.record(subscriptionId, {
      deliveryId,
      orderId,
      seq: event.seq,
      attempt,
      status,
      ...(result.httpStatus !== undefined && { httpStatus: result.httpStatus }),
      ...(!result.ok && { error: result.outcome }),
      at,
    });

    if (status === 'delivered') {
      await settle();
      return { status, httpStatus: result.httpStatus };
    }
    if (status === 'dead') {
      await log.recordDeadLetter(subscriptionId, { deliveryId, event, attempts: attempt, lastError: result.outcome, at });
      // Dead-lettered: later seqs of the order must not wait for it any longer.
      await settle();
    }
    throw new Error(`webhook delivery ${deliveryId} attempt ${attempt} failed: ${result.outcome}`);
  };
}

/** Activations of this job that ended in a wait rather than an attempt (the current one excluded). */
function blockedWaitsSoFar(job: Job<WebhookJobData>): number {
  return Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
}
