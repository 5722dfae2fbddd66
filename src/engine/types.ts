import type { CalendarAnswer, OpenSlot } from '../calendar/types';
import type { Role } from '../config/config';
import type { FeedItem, HistoryEntry, Page } from '../store/types';

export type { Page };

/**
 * What the engine offers its callers (HTTP API, command queue, timer worker, CLI). Every write
 * goes through `apply` or a create: load → pure machine transition → one atomic commit.
 * Inputs are `unknown`: the engine validates them (zod) and throws typed `PortflowError`s.
 */

export interface Actor {
  /** Who did it: `api:<role>`, `queue:commands`, `timer`, `cli`… recorded in history. */
  id: string;
  role?: Role;
  /** The API key the request came with (a digest of its token): idempotency records belong to it (R54). */
  key?: string;
}

export interface ApplyOptions {
  /** R39: commit only if the stored version is still this one (else 409 version_conflict). */
  ifMatch?: number;
  /** R40: a repeated request with the same key returns the first result without a second transition. */
  idempotencyKey?: string;
}

/** The public order view (SPEC §5). Its exact schema lives in `src/orders/view.ts`. */
export type OrderView = Record<string, unknown> & { id: string; state: string; version: number };

/** Orders per state (every state listed, zeros included) and their sum. */
export interface OrderCounts {
  total: number;
  byState: Record<string, number>;
}

/** One history entry as stored and shown (R38). */
export type HistoryEntryView = HistoryEntry;

/** One change-feed entry with its `cursor` (pass it as `after` to continue). */
export type FeedEntryView = FeedItem;

export interface ProjectView {
  id: string;
  createdAt: string;
  orders: OrderView[];
}

/** `GET /v1/port-orders`: the list filters, and R62's search filters (at most one of number, customerReference, q, needsAttention). */
export interface OrderListQuery {
  state?: string;
  kind?: string;
  limit?: number;
  cursor?: string;
  number?: string;
  customerReference?: string;
  q?: string;
  needsAttention?: boolean;
}

export interface PortflowEngine {
  createOrder(input: unknown, actor: Actor, options?: ApplyOptions): Promise<OrderView>;
  /** SPEC §1.4: several account blocks → one order each, linked by projectId. */
  createProject(input: unknown, actor: Actor, options?: ApplyOptions): Promise<ProjectView>;
  apply(orderId: string, event: unknown, actor: Actor, options?: ApplyOptions): Promise<OrderView>;
  getOrder(orderId: string): Promise<OrderView>;
  listOrders(query: OrderListQuery): Promise<Page<OrderView>>;
  /** R55: an order's history a page at a time, oldest first, after the seq `after`. */
  historyPage(orderId: string, query: { after?: string; limit?: number }): Promise<Page<HistoryEntryView>>;
  countOrders(query: { kind?: string }): Promise<OrderCounts>;
  getProject(projectId: string): Promise<ProjectView>;
  feed(query: { after?: string; limit?: number }): Promise<Page<FeedEntryView>>;
  /** SPEC §2.3 with the live slot bookings (slot_full). */
  checkCalendar(input: unknown): Promise<CalendarAnswer>;
  openSlots(query: { from: string; days: number }): Promise<OpenSlot[]>;
}
