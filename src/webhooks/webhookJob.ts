import type { WebhookEvent } from './webhookEvent';

/** The BullMQ queue that carries signed deliveries (SPEC §4). */
export const WEBHOOK_QUEUE = 'portflow-webhooks';

/** One job per (subscription, event) — SPEC §4: `{subscriptionId, event}`. */
export interface WebhookJobData {
  subscriptionId: string;
  event: WebhookEvent;
  /** R63: set on a redelivery (the original delivery's id); a replay is out of band, outside the seq order. */
  redeliveryOf?: string;
}

/**
 * Deterministic, so a relay that re-adds a job after a crash is deduplicated by BullMQ (R41).
 * BullMQ job ids must not contain ':'.
 */
export function deliveryJobId(subscriptionId: string, orderId: string, seq: number): string {
  return `wh-${subscriptionId}-${orderId}-${seq}`;
}

/** A desk event (note, document) to one subscription: at most once per event (R41). */
export function deskDeliveryJobId(subscriptionId: string, eventId: string): string {
  return `wh-${subscriptionId}-${eventId}`;
}
