import type { WebhookEvent } from './webhookEvent';

/** The BullMQ queue that carries signed deliveries (SPEC §4). */
export const WEBHOOK_QUEUE = 'portflow-webhooks';

/** One job per (subscription, event) — SPEC §4: `{subscriptionId, event}`. */
export interface WebhookJobData {
  subscriptionId: string;
  event: WebhookEvent;
}

/**
 * Deterministic, so a relay that re-adds a job after a crash is deduplicated by BullMQ (R41).
 * BullMQ job ids must not contain ':'.
 */
export function deliveryJobId(subscriptionId: string, orderId: string, seq: number): string {
  return `wh-${subscriptionId}-${orderId}-${seq}`;
}
