import { storeKeys } from '../../src/store/keys';
import { SLOT_BOOKINGS_VERSION_FIELD } from '../../src/store/OrderStore';
import type { Harness } from './harness';

/**
 * How much the store holds under a harness's prefix: orders, history entries of every order,
 * number index, slot bookings, outbox and change-feed streams. Two equal footprints around a
 * refused request prove it wrote nothing (R38); tests without workers are the only writers.
 */
export interface StoreFootprint {
  orders: number;
  historyEntries: number;
  numbers: number;
  slotBookings: number;
  outbox: number;
  feed: number;
}

export async function storeFootprint(harness: Harness): Promise<StoreFootprint> {
  const redis = harness.services.redis;
  const keys = storeKeys(harness.config.KEY_PREFIX);
  const orderIds = await redis.zrange(keys.ordersAll(), '0', '-1');
  const reads = redis.pipeline();
  for (const id of orderIds) reads.llen(keys.history(id));
  reads.hlen(keys.numbers()).hgetall(keys.slots()).xlen(keys.outbox()).xlen(keys.feed());
  const replies = ((await reads.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const [numbers, slots, outbox, feed] = replies.slice(orderIds.length) as [number, Record<string, string>, number, number];
  const historyEntries = (replies.slice(0, orderIds.length) as number[]).reduce((sum, length) => sum + length, 0);
  return {
    orders: orderIds.length,
    historyEntries,
    numbers,
    slotBookings: Object.entries(slots)
      .filter(([field]) => field !== SLOT_BOOKINGS_VERSION_FIELD)
      .reduce((sum, [, count]) => sum + Number(count), 0),
    outbox,
    feed,
  };
}
