import { DateTime } from 'luxon';
import type { Effect } from '../../machines/effects';
import type { RunResult } from '../../machines/runEvent';
import { finalStates, type OrderContext, type OrderState } from '../../machines/types';
import { slotKey } from '../calendar';
import { attentionFrom } from '../orders/attention';
import { searchMembersOf } from '../store/searchIndex';
import type { CommitRequest, HistoryEntry, OutboxEntry, Publication } from '../store/types';

/**
 * Turns one accepted transition into the single atomic write of R38: snapshot, history entry,
 * number index changes (R11), slot reservation (R19), outbox entries (R41) and the change feed.
 * Pure: the engine feeds it what it loaded and what the machine answered.
 */

export interface TransitionFacts {
  orderId: string;
  expectedVersion: number;
  prevState: OrderState | null;
  prevContext: OrderContext | null;
  result: Pick<RunResult, 'next' | 'effects' | 'state'>;
  history: Omit<HistoryEntry, 'seq' | 'from' | 'to'>;
  idempotency?: { key: string; response: string; ttlSeconds: number };
}

/** Effects that the store applies inside the commit rather than handing to a worker. */
function isSlotEffect(effect: Effect): effect is Extract<Effect, { type: 'reserveSlot' | 'releaseSlot' }> {
  return effect.type === 'reserveSlot' || effect.type === 'releaseSlot';
}

function numbersOf(context: OrderContext | null): string[] {
  return context ? context.order.numbers : [];
}

export function planCommit(facts: TransitionFacts): CommitRequest {
  const { orderId, expectedVersion, prevState, prevContext, result } = facts;
  const seq = expectedVersion + 1;
  const context = result.next.context;
  const state = result.state;

  // R11: numbers belong to an order until it is final; an UPDATE may swap some of them.
  const before = new Set(numbersOf(prevContext));
  const after = finalStates.includes(state) ? new Set<string>() : new Set(context.order.numbers);
  const claimNumbers = [...after].filter((n) => !before.has(n));
  const releaseNumbers = [...before].filter((n) => !after.has(n));

  // R62: the search index follows the order's numbers, reference and names in the same commit.
  const searchBefore = searchMembersOf(prevContext);
  const searchAfter = searchMembersOf(context);

  let reserveSlot: string | undefined;
  let releaseSlot: string | undefined;
  // Mails, invites and the publication tell the order as it is now: the store keeps the snapshot
  // beside them (`StoredOutboxEntry`) rather than a copy inside each.
  const outbox: OutboxEntry[] = [];
  for (const effect of result.effects) {
    if (isSlotEffect(effect)) {
      const key = slotKey(DateTime.fromISO(effect.startAt, { zone: 'utc' }));
      if (effect.type === 'reserveSlot') reserveSlot = key;
      else releaseSlot = key;
    } else {
      outbox.push({ id: `${orderId}:${seq}:${outbox.length}`, orderId, seq, effect });
    }
  }
  // R44: every accepted event is published (webhooks, events queue, feed), not only state changes,
  // so an integration sees every seq of an order.
  const publication = publicationOf(facts.history.type, prevState, state);
  outbox.push({
    id: `${orderId}:${seq}:${outbox.length}`,
    orderId,
    seq,
    effect: { type: 'published', publication, at: facts.history.at },
  });

  return {
    orderId,
    expectedVersion,
    snapshot: JSON.stringify(result.next),
    state,
    prevState,
    kind: context.kind,
    projectId: context.projectId,
    createdAtMs: Date.parse(context.createdAt),
    history: { ...facts.history, seq, from: prevState, to: state },
    claimNumbers,
    releaseNumbers,
    reserveSlot,
    releaseSlot,
    outbox,
    feed: { orderId, seq, ...publication, at: facts.history.at },
    idempotency: facts.idempotency,
    searchAdd: [...searchAfter].filter((member) => !searchBefore.has(member)),
    searchRemove: [...searchBefore].filter((member) => !searchAfter.has(member)),
    attentionFrom: attentionFrom(state, context),
  };
}

/** R44: `port_order.state_changed` when the state moved, else `port_order.updated`; `event` names the event. */
function publicationOf(event: string, from: OrderState | null, to: OrderState): Publication {
  return { type: from === to ? 'port_order.updated' : 'port_order.state_changed', event, from, to };
}
