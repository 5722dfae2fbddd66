import type { OrderView } from '../engine/types';
import type { Publication } from '../store/types';

/** The event types a subscription can ask for (SPEC §5.1, R44). Subscriptions without `events` get all of them. */
export const WEBHOOK_EVENT_TYPES = ['port_order.state_changed', 'port_order.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of a delivery (SPEC §5.1). */
export interface WebhookEvent {
  /** Stable per accepted event: the same for every subscription and every retry, so receivers can dedupe on it. */
  id: string;
  type: WebhookEventType;
  seq: number;
  occurredAt: string;
  /** The event that was accepted (`SUBMIT`, `RESCHEDULE`…). */
  event: string;
  from: string | null;
  to: string;
  order: OrderView;
}

/** One accepted event of an order, as the relay hands it over (R44: every history entry). */
export interface PublishedEvent {
  orderId: string;
  /** The history seq of the event: deliveries of one order go out in this order. */
  seq: number;
  occurredAt: string;
  publication: Publication;
  view: OrderView;
}

export function webhookEventOf(published: PublishedEvent): WebhookEvent {
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
