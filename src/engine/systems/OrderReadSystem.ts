import type { PersistedOrder } from '../../../machines/runEvent';
import { NotFoundError } from '../../errors/NotFoundError';
import { orderStates } from '../../../machines/types';
import type { FeedEntryView, HistoryEntryView, OrderCounts, OrderView, Page } from '../types';
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

  async listOrders(query: { state?: string; kind?: string; limit?: number; cursor?: string }): Promise<Page<OrderView>> {
    const page = await this.ctx.store.list({ state: query.state, kind: query.kind, limit: query.limit ?? 50, cursor: query.cursor });
    return {
      items: page.items.map((stored) => this.views.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version)),
      nextCursor: page.nextCursor,
    };
  }

  /** The board's counts (R66): orders per state, of one kind when asked. */
  async countOrders(query: { kind?: string }): Promise<OrderCounts> {
    const byState = await this.ctx.store.countByState(orderStates, query.kind);
    return { total: Object.values(byState).reduce((sum, count) => sum + count, 0), byState };
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
