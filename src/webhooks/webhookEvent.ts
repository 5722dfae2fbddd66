import type { OrderView } from '../engine/types';

/** The event types a subscription can ask for (SPEC §5.1). Subscriptions without `events` get all of them. */
export const WEBHOOK_EVENT_TYPES = ['port_order.state_changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of a delivery (SPEC §5.1). */
export interface WebhookEvent {
  /** Stable per state change: the same for every subscription and every retry, so receivers can dedupe on it. */
  id: string;
  type: WebhookEventType;
  seq: number;
  occurredAt: string;
  order: OrderView;
}

export function stateChangedEvent(change: { orderId: string; seq: number; occurredAt: string; view: OrderView }): WebhookEvent {
  return {
    id: `evt_${change.orderId}_${change.seq}`,
    type: 'port_order.state_changed',
    seq: change.seq,
    occurredAt: change.occurredAt,
    order: change.view,
  };
}
