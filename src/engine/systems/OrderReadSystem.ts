import type { PersistedOrder } from '../../../machines/runEvent';
import { NotFoundError } from '../../errors/NotFoundError';
import { orderStates } from '../../../machines/types';
import { ValidationError } from '../../errors/ValidationError';
import type { ListedOrder } from '../../store/types';
import type { FeedEntryView, HistoryEntryView, OrderCounts, OrderListQuery, OrderView, Page } from '../types';
import type { EngineContext } from './EngineContext';
import type { OrderViewSystem } from './OrderViewSystem';

/** R50: the items of a list page, in JSON bytes; the envelope (`nextCursor`) fits in what is left of 2 MB. */
export const MAX_LIST_PAGE_BYTES = 2 * 1024 * 1024 - 4096;

/** The reads: one order, the list, an order's history and the change feed. */
export class OrderReadSystem {
  constructor(
    private readonly ctx: EngineContext,
    private readonly views: OrderViewSystem,
  ) {}

  async getOrder(orderId: string): Promise<OrderView> {
    const stored = await this.ctx.store.load(orderId);
    if (!stored) throw new NotFoundError('order', orderId);
    return this.views.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version);
  }

  /**
   * R50: a page never exceeds `MAX_LIST_PAGE_BYTES` of JSON. Orders of 5,000 numbers are a few hundred
   * KB each, so `limit` alone does not bound it: the page ends early at the order that would cross the
   * budget, and its `nextCursor` continues from there (one order always fits).
   */
  async listOrders(query: OrderListQuery): Promise<Page<OrderView>> {
    const limit = query.limit ?? 50;
    const searched = await this.search(query, limit);
    const page = searched ?? (await this.ctx.store.list({ state: query.state, kind: query.kind, limit, cursor: query.cursor }));
    // A search narrowed by state or kind filters its page: a page may then hold fewer than `limit`.
    const listed = searched ? page.items.filter((stored) => (!query.state || stored.state === query.state) && (!query.kind || stored.kind === query.kind)) : page.items;
    const items: OrderView[] = [];
    let bytes = 0;
    for (const stored of listed) {
      const view = this.views.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version);
      bytes += Buffer.byteLength(JSON.stringify(view));
      if (items.length > 0 && bytes > MAX_LIST_PAGE_BYTES) return { items, nextCursor: listed[items.length - 1].cursor };
      items.push(view);
    }
    return { items, nextCursor: page.nextCursor };
  }

  /** R62: each search filter reads its own index; null when the query has none. */
  private async search(query: OrderListQuery, limit: number): Promise<Page<ListedOrder> | null> {
    const filters = (['number', 'customerReference', 'q', 'needsAttention'] as const).filter((name) => query[name] !== undefined && query[name] !== false);
    if (filters.length > 1) {
      throw new ValidationError(filters.map((name) => ({ path: `query.${name}`, code: 'one_search_filter', message: `search by one of ${filters.join(', ')} at a time` })));
    }
    const store = this.ctx.store;
    if (query.number !== undefined) return store.search('n', query.number, 'exact', limit, query.cursor);
    if (query.customerReference !== undefined) return store.search('r', query.customerReference, 'exact', limit, query.cursor);
    if (query.q !== undefined) return store.search('q', query.q.toLowerCase(), 'prefix', limit, query.cursor);
    if (query.needsAttention) return store.needingAttention((await this.ctx.now()).toMillis(), limit, query.cursor);
    return null;
  }

  /** The board's counts (R66): orders per state, of one kind when asked. */
  async countOrders(query: { kind?: string }): Promise<OrderCounts> {
    const byState = await this.ctx.store.countByState(orderStates, query.kind);
    return { total: Object.values(byState).reduce((sum, count) => sum + count, 0), byState };
  }

  /** The whole history: audits and tests inside the service. */
  async history(orderId: string): Promise<HistoryEntryView[]> {
    const entries = await this.ctx.store.history(orderId);
    if (entries.length === 0 && !(await this.ctx.store.load(orderId))) throw new NotFoundError('order', orderId);
    return entries;
  }

  /** R55: the history a page at a time (`GET …/history?after=&limit=`). */
  async historyPage(orderId: string, query: { after?: string; limit?: number }): Promise<Page<HistoryEntryView>> {
    const { items, nextCursor, total } = await this.ctx.store.historyPage(orderId, query.after, query.limit ?? 50);
    if (total === 0 && !(await this.ctx.store.load(orderId))) throw new NotFoundError('order', orderId);
    return { items, nextCursor };
  }

  async feed(query: { after?: string; limit?: number }): Promise<Page<FeedEntryView>> {
    return this.ctx.store.feed(query.after, query.limit ?? 100);
  }
}
