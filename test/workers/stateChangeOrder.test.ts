import { storeKeys } from '../../src/store/keys';
import type { OutboxEntry } from '../../src/store/types';
import { createOutboxDispatcher } from '../../workers/relay/dispatchOutboxEntry';
import { StateChangeOutOfOrderError } from '../../workers/relay/StateChangeSequencer';
import { createHarness, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';

/**
 * §5.1: deliveries for one order are in seq order, even when two relays (two worker processes) each
 * hold one of its state changes. Real Redis and BullMQ; the relays are played by calling the
 * dispatcher in the order a race could produce.
 */
let harness: Harness;

beforeEach(() => {
  harness = createHarness();
});
afterEach(async () => {
  await harness.close();
});

async function stateChangesInOutbox(): Promise<OutboxEntry[]> {
  const entries = await harness.services.redis.xrange(storeKeys(harness.config.KEY_PREFIX).outbox(), '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[1]) as OutboxEntry).filter((entry) => entry.effect.type === 'stateChanged');
}

it('§5.1: a state change is not queued before an earlier one of the same order; it goes once the earlier one is', async () => {
  const { engine, queues, redis, subscriptions, clock } = harness.services;
  const order = await engine.createOrder(usOrderInput(), { id: 'test' });
  await engine.apply(order.id, { type: 'UPDATE', customerReference: 'no state change' }, { id: 'test' });
  await engine.apply(order.id, { type: 'SUBMIT' }, { id: 'test' });
  await engine.apply(order.id, { type: 'CANCEL', reason: 'duplicate' }, { id: 'test' });
  const [created, submitted, cancelled] = await stateChangesInOutbox();
  expect([created.seq, submitted.seq, cancelled.seq]).toEqual([1, 3, 4]);

  const dispatch = createOutboxDispatcher({ queues, redis, prefix: harness.config.KEY_PREFIX, clock, subscriptions, eventsQueue: true });
  await dispatch(created);
  // Another relay holds SUBMIT (seq 3): CANCEL (seq 4) must wait for it.
  await expect(dispatch(cancelled)).rejects.toBeInstanceOf(StateChangeOutOfOrderError);
  expect(await queues.events.getJob(`${order.id}.4`)).toBeUndefined();

  await dispatch(submitted); // the UPDATE at seq 2 changed no state: nothing to wait for
  await dispatch(cancelled);
  const queued = await Promise.all([1, 3, 4].map((seq) => queues.events.getJob(`${order.id}.${seq}`)));
  expect(queued.map((job) => job?.data.to)).toEqual(['draft', 'submitted', 'cancelled']);
  // A re-dispatch after a crash (the entry was queued, not yet acknowledged) is harmless.
  await expect(dispatch(submitted)).resolves.toBeUndefined();
});
