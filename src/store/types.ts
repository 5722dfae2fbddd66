import type { Effect } from '../../machines/effects';
import type { OrderContext } from '../../machines/types';

/** One accepted event (R38). `payload` is already redacted (R12): the store writes it as given. */
export interface HistoryEntry {
  seq: number;
  at: string;
  type: string;
  actor: string;
  from: string | null;
  to: string;
  payload: unknown;
}

/** R44: what is published of one accepted event (webhooks, events queue, change feed). */
export interface Publication {
  type: 'port_order.state_changed' | 'port_order.updated';
  /** The event that was accepted (`SUBMIT`, `RESCHEDULE`, `TIMER`…; `CREATE` for a new order). */
  event: string;
  from: string | null;
  to: string;
}

/** One accepted event as the outbox carries it to webhooks and the events queue (§4, §5.1, R44). */
export interface PublishedEffect {
  type: 'published';
  publication: Publication;
  at: string;
  /**
   * The order view after the event. Absent as a transition commits it: the commit stores the order's
   * snapshot beside the entry (`OutboxEntry`), and the relay derives the view from it.
   */
  view?: unknown;
}

/** The desk's events (SPEC §5.1): published beside an order, outside its history seq. */
export const deskEventTypes = ['port_order.note_added', 'port_order.document_added'] as const;
export type DeskEventType = (typeof deskEventTypes)[number];

/** A note or document was added (R60, R61): delivered to the webhooks that ask for its type. */
export interface DeskEventEffect {
  type: 'deskEvent';
  /** Stable (`evt_<note or document id>`): receivers deduplicate on it. */
  eventId: string;
  eventType: DeskEventType;
  at: string;
  /** The order view when it was added. */
  view: unknown;
  /** `{ note }` or `{ document }`: what was added, as the API shows it. */
  payload: Record<string, unknown>;
}

/** Slot effects are applied inside the commit itself (R19); everything else leaves through the outbox. */
export type OutboxEffect = Exclude<Effect, { type: 'reserveSlot' | 'releaseSlot' }> | PublishedEffect | DeskEventEffect;

/**
 * One side effect of a transition, written in the same commit (R41). `id` = `<orderId>:<seq>:<index>`.
 * A commit's entries are one entry of the outbox stream (`entries`, a JSON array, in order).
 *
 * Mails, invites (R45) and the publication (§5.1) tell the order as the transition left it. A
 * transition does not copy the order into them: its commit stores the snapshot it writes anyway
 * beside them (`snapshot`), and the relay derives the notice's order and the view from it: a copy
 * in each cost ~3.5 KB of JSON per commit (docs/performance.md).
 */
export interface OutboxEntry {
  id: string;
  orderId: string;
  seq: number;
  effect: OutboxEffect;
  /** Mails and invites: the order as the transition left it, which the notice tells (R45); absent when derived from the snapshot. */
  order?: OrderContext;
}

/** An outbox entry as the relay reads it: with the snapshot its commit stored beside it, if any. */
export interface StoredOutboxEntry {
  entry: OutboxEntry;
  /** The order's snapshot JSON as the entry's commit wrote it; null when its entries carry all they need. */
  snapshot: string | null;
}

/** One entry of the global change feed (`GET /v1/events`), one per accepted event (R44). */
export interface FeedEntry extends Publication {
  orderId: string;
  seq: number;
  at: string;
}

/**
 * A desk event in the change feed, shaped like a state change's entry so a reader takes both: `seq`,
 * `from` and `to` are null, since notes and documents are not order transitions (SPEC §5.1).
 */
export interface DeskFeedEntry {
  orderId: string;
  seq: null;
  type: DeskEventType;
  /** Not an order event: the feed's `event` is null. */
  event: null;
  from: null;
  to: null;
  at: string;
  /** The note's or document's id. */
  id: string;
}

export interface IdempotencyRecord {
  /** `<caller>:<Idempotency-Key>` (R54). */
  key: string;
  /** The request's fingerprint and what it answered (src/engine/systems/idempotency.ts); a replay gets it back verbatim (R40). */
  response: string;
  /** Raised to 24 h when smaller (R40). */
  ttlSeconds: number;
}

/** Everything one transition writes, atomically or not at all (R38). */
export interface CommitRequest {
  orderId: string;
  /** The version the transition was computed from; 0 creates the order. */
  expectedVersion: number;
  snapshot: string;
  state: string;
  prevState: string | null;
  kind: string;
  projectId: string | null;
  createdAtMs: number;
  history: HistoryEntry;
  claimNumbers: string[];
  releaseNumbers: string[];
  /** Slot keys (`slotKey()` of src/calendar): a coordinated port takes / gives back a place (R19). */
  reserveSlot?: string;
  releaseSlot?: string;
  outbox: OutboxEntry[];
  feed?: FeedEntry;
  idempotency?: IdempotencyRecord;
  /** R62: search index members the order gains and loses (`searchIndex.ts`); none when absent. */
  searchAdd?: string[];
  searchRemove?: string[];
  /** R62: epoch ms from which the order needs attention; null or absent: it does not. */
  attentionFrom?: number | null;
}

export type CommitResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'version_conflict'; storedVersion: number }
  | { ok: false; reason: 'number_in_active_order'; number: string; orderId: string }
  | { ok: false; reason: 'slot_full'; slot: string }
  | { ok: false; reason: 'idempotent_replay'; response: string };

/** R47: a project's commit either wrote everything or, refused, nothing. */
export type ProjectCommitResult =
  | { ok: true }
  | Extract<CommitResult, { reason: 'number_in_active_order' | 'idempotent_replay' }>;

export interface StoredOrder {
  id: string;
  snapshot: string;
  version: number;
  state: string;
  kind: string;
  projectId: string | null;
}

/** A listed order with the cursor that continues after it (a page cut short ends there, R50). */
export interface ListedOrder extends StoredOrder {
  cursor: string;
}

export interface ListQuery {
  state?: string;
  kind?: string;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null when there is none. */
  nextCursor: string | null;
}

/** A feed entry with its stream entry id, `cursor`: pass it as `after` to continue from here. */
export type FeedItem = (FeedEntry | DeskFeedEntry) & { cursor: string };

export interface StoredProject {
  id: string;
  createdAt: string;
  /** Sorted; ULIDs sort by creation time. */
  orderIds: string[];
}
