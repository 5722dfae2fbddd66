import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { OrderStore, type OrderStoreOptions } from '../../src/store/OrderStore';
import type { CommitRequest } from '../../src/store/types';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One Redis connection and a key prefix of its own per test file; `cleanup` deletes every key under it. */
export interface StoreFixture {
  redis: Redis;
  prefix: string;
  store(opts?: Partial<OrderStoreOptions>): OrderStore;
  /** Every key under the prefix, sorted (SCAN is fine in tests; the store itself never scans). */
  keys(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export function storeFixture(name: string): StoreFixture {
  const redis = new Redis(REDIS_URL);
  const prefix = `test:store-${name}:${randomBytes(4).toString('hex')}`;
  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) found.push(...(batch as string[]));
    return found.sort();
  };
  return {
    redis,
    prefix,
    store: (opts = {}) => new OrderStore(redis, { prefix, slotCapacity: 4, ...opts }),
    keys,
    async cleanup() {
      const found = await keys();
      if (found.length > 0) await redis.del(...found);
      await redis.quit();
    },
  };
}

let sequence = 0;
/** A unique order id per call, in creation order. */
export function newOrderId(): string {
  sequence += 1;
  return `po_${process.pid}_${String(sequence).padStart(6, '0')}`;
}

/** The create commit (version 0 → 1) of a draft order holding `numbers`. */
export function createRequest(orderId: string, overrides: Partial<CommitRequest> = {}): CommitRequest {
  const at = '2026-12-01T16:00:00.000Z';
  return {
    orderId,
    expectedVersion: 0,
    snapshot: JSON.stringify({ id: orderId, state: 'draft' }),
    state: 'draft',
    prevState: null,
    kind: 'us',
    projectId: null,
    createdAtMs: Date.parse(at),
    history: { seq: 1, at, type: 'CREATE', actor: 'test', from: null, to: 'draft', payload: {} },
    claimNumbers: [],
    releaseNumbers: [],
    outbox: [],
    feed: { orderId, seq: 1, type: 'port_order.state_changed', event: 'CREATE', from: null, to: 'draft', at },
    ...overrides,
  };
}

/** A later commit of `orderId` from `fromVersion`, moving `from` → `to`. */
export function transitionRequest(
  orderId: string,
  fromVersion: number,
  from: string,
  to: string,
  overrides: Partial<CommitRequest> = {},
): CommitRequest {
  const seq = fromVersion + 1;
  const at = new Date(Date.parse('2026-12-01T16:00:00.000Z') + seq * 1000).toISOString();
  return {
    orderId,
    expectedVersion: fromVersion,
    snapshot: JSON.stringify({ id: orderId, state: to, seq }),
    state: to,
    prevState: from,
    kind: 'us',
    projectId: null,
    createdAtMs: Date.parse('2026-12-01T16:00:00.000Z'),
    history: { seq, at, type: 'EVENT', actor: 'test', from, to, payload: {} },
    claimNumbers: [],
    releaseNumbers: [],
    outbox: [],
    feed: { orderId, seq, type: from === to ? 'port_order.updated' : 'port_order.state_changed', event: 'EVENT', from, to, at },
    ...overrides,
  };
}
