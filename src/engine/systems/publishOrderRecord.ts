import type { Effect } from '../../../machines/effects';
import { NotFoundError } from '../../errors/NotFoundError';
import { RuleViolationError } from '../../errors/RuleViolationError';
import type { OrderRecordKind } from '../../store/OrderRecordStore';
import type { DeskEventType, OutboxEntry } from '../../store/types';
import type { EngineContext } from './EngineContext';

/** A note or document about to be added, with what it publishes. */
export interface OrderRecordPublication {
  kind: OrderRecordKind;
  orderId: string;
  record: { id: string };
  at: string;
  eventType: DeskEventType;
  /** The order view as it stands (the webhook body's `order`). */
  view: unknown;
  /** `{ note }` or `{ document }`, as the API shows it. */
  payload: Record<string, unknown>;
  /** Mails to send with it (a customer note). */
  mails: Extract<Effect, { type: 'mail' }>[];
  /** §9: the most records of this kind one order may hold. */
  maxPerOrder: number;
}

/**
 * Adds a note or document beside its order and publishes it — outbox entries for the mails and
 * the webhooks, a change-feed entry — in one atomic write, outside the order's version and seq.
 * Outbox entries carry seq 0 (no transition) and ids `<orderId>:<recordId>:<index>`, so their jobs
 * are deterministic like every other (R41).
 */
export async function publishOrderRecord(ctx: EngineContext, publication: OrderRecordPublication): Promise<void> {
  const { orderId, record, at, eventType } = publication;
  const effects = [
    ...publication.mails,
    { type: 'deskEvent' as const, eventId: `evt_${record.id}`, eventType, at, view: publication.view, payload: publication.payload },
  ];
  const outbox: OutboxEntry[] = effects.map((effect, index) => ({ id: `${orderId}:${record.id}:${index}`, orderId, seq: 0, effect }));
  const added = await ctx.store.records.add(publication.kind, orderId, record, {
    maxPerOrder: publication.maxPerOrder,
    outbox,
    feed: { orderId, seq: null, type: eventType, event: null, from: null, to: null, at, id: record.id },
  });
  if (added.ok) return;
  if (added.reason === 'not_found') throw new NotFoundError('order', orderId);
  throw new RuleViolationError({
    code: `too_many_${publication.kind}`,
    rule: '§9',
    message: `The order already holds ${added.count} ${publication.kind}, the most it may hold.`,
    details: { limit: publication.maxPerOrder },
  });
}
