import type { RedisWithStoreCommands } from './scripts';
import type { StoreKeys } from './keys';
import type { DeskFeedEntry, OutboxEntry } from './types';

/** What an order holds beside its snapshot: notes (R60) and document metadata (R61). */
export type OrderRecordKind = 'notes' | 'documents';

export type AddRecordResult = { ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'limit_reached'; count: number };

/**
 * Notes and document metadata: one hash per order and kind, record id → JSON. Ids are ULIDs, so
 * sorting the ids is sorting by creation. A record is added with what it publishes (outbox entries,
 * feed entry) in one script (`commands/addOrderRecord-4.lua`), bounded per order.
 */
export class OrderRecordStore {
  constructor(
    private readonly redis: RedisWithStoreCommands,
    private readonly keys: StoreKeys,
  ) {}

  async add(
    kind: OrderRecordKind,
    orderId: string,
    record: { id: string },
    publish: { maxPerOrder: number; outbox: OutboxEntry[]; feed: DeskFeedEntry },
  ): Promise<AddRecordResult> {
    const reply = (await this.redis.addOrderRecord(
      this.keys.order(orderId),
      this.keys[kind](orderId),
      this.keys.outbox(),
      this.keys.feed(),
      record.id,
      JSON.stringify(record),
      publish.maxPerOrder,
      JSON.stringify(publish.feed),
      JSON.stringify(publish.outbox),
    )) as [string, number?];
    if (reply[0] === 'ok') return { ok: true };
    if (reply[0] === 'limit_reached') return { ok: false, reason: 'limit_reached', count: Number(reply[1]) };
    return { ok: false, reason: 'not_found' };
  }

  /** Every record of the order, oldest first. The per-order bound keeps this small. */
  async all<T>(kind: OrderRecordKind, orderId: string): Promise<T[]> {
    const byId = await this.redis.hgetall(this.keys[kind](orderId));
    return Object.keys(byId)
      .sort()
      .map((id) => JSON.parse(byId[id]) as T);
  }

  async get<T>(kind: OrderRecordKind, orderId: string, id: string): Promise<T | null> {
    const raw = await this.redis.hget(this.keys[kind](orderId), id);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async remove(kind: OrderRecordKind, orderId: string, id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys[kind](orderId), id)) === 1;
  }
}
