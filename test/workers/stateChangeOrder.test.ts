import { storeKeys } from '../../src/store/keys';
import type { StoredOutboxEntry } from '../../src/store/types';
import { StateChangeOutOfOrderError } from '../../workers/relay/StateChangeSequencer';
import { createHarness, type Harness } from '../support/harness';
import { outboxDispatcher, outboxEntries } from '../support/outbox';
import { usOrderInput } from '../support/orderInputs';

/**
 * §5.1 and R44: deliveries for one order are in seq order, every accepted event included, even when two
 * relays (two worker processes) each hold one of its events. Real Redis and BullMQ; the relays are played by calling the
 * dispatcher in the order a race could produce.
 */
let harness: Harness;

beforeEach(() => {
  harness = createHarness();
});
afterEach(async () => {
  await harness.close();
});

async function publishedInOutbox(): Promise<StoredOutboxEntry[]> {
  return (await outboxEntries(harness.services)).filter(({ entry }) => entry.effect.type === 'published');
}

it('R44: an event is not queued before the one before it of the same order; it goes once that one is', async () => {
  const { engine, queues } = harness.services;
  const order = await engine.createOrder(usOrderInput(), { id: 'test' });
  await engine.apply(order.id, { type: 'UPDATE', customerReference: 'no state change' }, { id: 'test' });
  await engine.apply(order.id, { type: 'SUBMIT' }, { id: 'test' });
  const [created, updated, submitted] = await publishedInOutbox();
  expect([created.entry.seq, updated.entry.seq, submitted.entry.seq]).toEqual([1, 2, 3]);

  const dispatch = outboxDispatcher(harness.services);
  await dispatch(created);
  // Another relay holds the UPDATE (seq 2): SUBMIT (seq 3) must wait for it, though it changed no state.
  await expect(dispatch(submitted)).rejects.toBeInstanceOf(StateChangeOutOfOrderError);
  expect(await queues.events.getJob(`${order.id}.3`)).toBeUndefined();

  await dispatch(updated);
  await dispatch(submitted);
  const queued = await Promise.all([1, 2, 3].map((seq) => queues.events.getJob(`${order.id}.${seq}`)));
  expect(queued.map((job) => [job?.data.type, job?.data.event])).toEqual([
    ['port_order.state_changed', 'CREATE'],
    ['port_order.updated', 'UPDATE'],
    ['port_order.state_changed', 'SUBMIT'],
  ]);
  // A re-dispatch after a crash (the entry was queued, not yet acknowledged) is harmless.
  await expect(dispatch(updated)).resolves.toBeUndefined();
});

it('R44: an order published before R44 (only state changes, marked by lastQueuedChange) is not held up by its unpublished UPDATEs', async () => {
  const { engine, queues, redis } = harness.services;
  const keys = storeKeys(harness.config.KEY_PREFIX);
  const order = await engine.createOrder(usOrderInput(), { id: 'test' });
  await engine.apply(order.id, { type: 'UPDATE', customerReference: 'published by no release' }, { id: 'test' });
  await engine.apply(order.id, { type: 'SUBMIT' }, { id: 'test' });
  const submitted = (await publishedInOutbox())[2];
  // As an earlier release left it: the creation queued, the UPDATE never published.
  await redis.hset(keys.order(order.id), 'lastQueuedChange', '1');

  const dispatch = outboxDispatcher(harness.services);
  await dispatch(submitted);
  expect((await queues.events.getJob(`${order.id}.3`))?.data.event).toBe('SUBMIT');
});
