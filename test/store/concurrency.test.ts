import { Redis } from 'ioredis';
import { OrderStore } from '../../src/store/OrderStore';
import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';

const fx = storeFixture('concurrency');
const extraConnections: Redis[] = [];
afterAll(async () => {
  await Promise.all(extraConnections.map((connection) => connection.quit()));
  await fx.cleanup();
});

/** Writers on separate connections, so their commits really interleave at the server. */
function storesOnOwnConnections(count: number): OrderStore[] {
  return Array.from({ length: count }, () => {
    const connection = new Redis(fx.redis.options);
    extraConnections.push(connection);
    return new OrderStore(connection, { prefix: fx.prefix, slotCapacity: 4 });
  });
}

describe('optimistic concurrency', () => {
  const writers = storesOnOwnConnections(10);

  it('R39: 50 parallel commits from the same expected version: exactly one succeeds', async () => {
    const id = newOrderId();
    await fx.store().commit(createRequest(id));

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        writers[i % writers.length].commit(transitionRequest(id, 1, 'draft', 'draft', { snapshot: `{"writer":${i}}` })),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array(49).fill({ ok: false, reason: 'version_conflict', storedVersion: 2 }),
    );
    expect(await fx.store().history(id)).toHaveLength(2);
  });

  it('R39: 50 concurrent writers with a reload-and-retry loop lose no update', async () => {
    const id = newOrderId();
    await fx.store().commit(createRequest(id, { snapshot: JSON.stringify({ increments: [] }) }));

    // Each writer appends its name to the snapshot, as a transition computed from what it loaded.
    const write = async (store: OrderStore, writer: number): Promise<number> => {
      for (let attempt = 1; ; attempt += 1) {
        const loaded = await store.load(id);
        if (!loaded) throw new Error('order vanished');
        const next = JSON.parse(loaded.snapshot) as { increments: number[] };
        next.increments.push(writer);
        const result = await store.commit(
          transitionRequest(id, loaded.version, 'draft', 'draft', { snapshot: JSON.stringify(next) }),
        );
        if (result.ok) return attempt;
        expect(result).toMatchObject({ reason: 'version_conflict' });
      }
    };
    const attempts = await Promise.all(Array.from({ length: 50 }, (_, w) => write(writers[w % writers.length], w)));

    const final = await fx.store().load(id);
    const history = await fx.store().history(id);
    expect(final?.version).toBe(51);
    expect(history).toHaveLength(final?.version ?? -1);
    expect(history.map((entry) => entry.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect((JSON.parse(final?.snapshot ?? '{}') as { increments: number[] }).increments.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, w) => w),
    );
    // The writers really raced: someone had to retry.
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  });
});
