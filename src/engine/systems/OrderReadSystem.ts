import type { PersistedOrder } from '../../../machines/runEvent';
import { NotFoundError } from '../../errors/NotFoundError';
import { ValidationError } from '../../errors/ValidationError';
import type { StoredOrder } from '../../store/types';
import type { FeedEntryView, HistoryEntryView, OrderListQuery, OrderView, Page } from '../types';
import type { EngineContext } from './EngineContext';
import type { OrderViewSystem } from './OrderViewSystem';

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

  async listOrders(query: OrderListQuery): Promise<Page<OrderView>> {
    const limit = query.limit ?? 50;
    const searched = await this.search(query, limit);
    const page = searched ?? (await this.ctx.store.list({ state: query.state, kind: query.kind, limit, cursor: query.cursor }));
    // A search narrowed by state or kind filters its page: a page may then hold fewer than `limit`.
    const items = searched ? page.items.filter((stored) => (!query.state || stored.state === query.state) && (!query.kind || stored.kind === query.kind)) : page.items;
    return {
      items: items.map((stored) => this.views.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version)),
      nextCursor: page.nextCursor,
    };
  }

  /** R62: each search filter reads its own index; null when the query has none. */
  private async search(query: OrderListQuery, limit: number): Promise<Page<StoredOrder> | null> {
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

  async history(orderId: string): Promise<HistoryEntryView[]> {
    const entries = await this.ctx.store.history(orderId);
    if (entries.length === 0 && !(await this.ctx.store.load(orderId))) throw new NotFoundError('order', orderId);
    return entries;
  }

  async feed(query: { after?: string; limit?: number }): Promise<Page<FeedEntryView>> {
    return this.ctx.store.feed(query.after, query.limit ?? 100);
  }
}
