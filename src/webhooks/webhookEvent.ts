import type { OrderView } from '../engine/types';
import { deskEventTypes, type DeskEventEffect, type DeskEventType, type Publication } from '../store/types';

/** The event types a subscription can ask for (SPEC §5.1, R44). Subscriptions without `events` get all of them. */
export const WEBHOOK_EVENT_TYPES = ['port_order.state_changed', 'port_order.updated', ...deskEventTypes] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of a delivery for an accepted event of an order (SPEC §5.1, R44). */
export interface OrderChangeWebhookEvent {
  /** Stable per accepted event: the same for every subscription and every retry, so receivers can dedupe on it. */
  id: string;
  type: Publication['type'];
  seq: number;
  occurredAt: string;
  /** The event that was accepted (`SUBMIT`, `RESCHEDULE`…). */
  event: string;
  from: string | null;
  to: string;
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

/** One accepted event of an order, as the relay hands it over (R44: every history entry). */
export interface PublishedEvent {
  orderId: string;
  /** The history seq of the event: deliveries of one order go out in this order. */
  seq: number;
  occurredAt: string;
  publication: Publication;
  view: OrderView;
}

export function webhookEventOf(published: PublishedEvent): OrderChangeWebhookEvent {
  const { publication } = published;
  return {
    id: `evt_${published.orderId}_${published.seq}`,
    type: publication.type,
    seq: published.seq,
    occurredAt: published.occurredAt,
    event: publication.event,
    from: publication.from,
    to: publication.to,
    order: published.view,
  };
}

export function deskWebhookEvent(effect: DeskEventEffect): DeskWebhookEvent {
  return { id: effect.eventId, type: effect.eventType, seq: null, occurredAt: effect.at, order: effect.view as OrderView, ...effect.payload };
}
