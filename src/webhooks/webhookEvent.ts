import type { OrderView } from '../engine/types';
import { deskEventTypes, type DeskEventEffect, type DeskEventType } from '../store/types';

/** The event types a subscription can ask for (SPEC §5.1). Subscriptions without `events` get all of them. */
export const WEBHOOK_EVENT_TYPES = ['port_order.state_changed', ...deskEventTypes] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of a delivery (SPEC §5.1). */
export interface OrderChangeWebhookEvent {
  /** Stable per state change: the same for every subscription and every retry, so receivers can dedupe on it. */
  id: string;
  type: 'port_order.state_changed';
  seq: number;
  occurredAt: string;
  order: OrderView;
}

/** A note or document was added (R60, R61): outside the order's seq, so `seq` is null. */
export type DeskWebhookEvent = {
  id: string;
  type: DeskEventType;
  seq: null;
  occurredAt: string;
  order: OrderView;
} & Record<string, unknown>;

export type WebhookEvent = OrderChangeWebhookEvent | DeskWebhookEvent;

export function deskWebhookEvent(effect: DeskEventEffect): DeskWebhookEvent {
  return { id: effect.eventId, type: effect.eventType, seq: null, occurredAt: effect.at, order: effect.view as OrderView, ...effect.payload };
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
