import pino from 'pino';
import { buildPortflowServer } from '../../src/runtime/server';
import { storeKeys } from '../../src/store/keys';
import { OutboxRelay, RELAY_GROUP, storedOutboxEntriesOf } from '../../workers/relay/OutboxRelay';
import { createHarness, type Harness } from '../support/harness';
import { outboxDispatcher } from '../support/outbox';
import { usOrderInput } from '../support/orderInputs';
import { eventually } from '../support/stack';

/**
 * R58: a self-healing relay. Real Redis and BullMQ; each test has its own key prefix, so "the outbox
 * was flushed" is the outbox stream of that prefix deleted (a FLUSHDB would hit the other test files).
 */
const ops = { id: 'test' };
/** Far longer than any test: an entry that only moves after the reclaim timeout makes the test fail. */
const RECLAIM_MS = 60_000;

let harness: Harness;
const relays: OutboxRelay[] = [];

beforeEach(() => {
  harness = createHarness();
});
afterEach(async () => {
  for (const relay of relays.splice(0)) relay.stop();
  await harness.close();
});

function startRelay(consumer: string): { relay: OutboxRelay; errors: unknown[]; running: Promise<void> } {
  const { redis } = harness.services;
  const relay = new OutboxRelay({
    redis,
    stream: storeKeys(harness.config.KEY_PREFIX).outbox(),
    consumer,
    reclaimIdleMs: RECLAIM_MS,
    dispatch: outboxDispatcher(harness.services),
  });
  const errors: unknown[] = [];
  relay.onError = (error) => errors.push(error);
  relays.push(relay);
  return { relay, errors, running: relay.run(200) };
}

const eventJob = (orderId: string, seq: number) => harness.services.queues.events.getJob(`${orderId}.${seq}`);

it('R58: after the outbox stream and its group are deleted (a flush, a restore), the relay recreates them and relays again', async () => {
  const { errors } = startRelay('relay-a');
  const first = await harness.services.engine.createOrder(usOrderInput(), ops);
  await eventually(async () => (await eventJob(first.id, 1)) !== undefined, 5_000, 'the first order published');

  await harness.services.redis.del(storeKeys(harness.config.KEY_PREFIX).outbox());
  const second = await harness.services.engine.createOrder(usOrderInput(), ops);
  await eventually(async () => (await eventJob(second.id, 1)) !== undefined, 5_000, 'the order after the flush published');
  // A NOGROUP or two while it notices, not four a second for ever.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(errors.length).toBeLessThanOrEqual(2);
});

it('R58: an entry that waits for an event another live relay holds goes out as soon as that one is queued, not after the reclaim timeout', async () => {
  const { engine, redis } = harness.services;
  const stream = storeKeys(harness.config.KEY_PREFIX).outbox();
  const order = await engine.createOrder(usOrderInput(), ops);
  await engine.apply(order.id, { type: 'UPDATE', customerReference: 'seq 2' }, ops);

  // Relay "other" (alive) takes the creation's entries and is slow to queue them.
  const rows = await redis.xrange(stream, '-', '+');
  const creation = rows.filter(([, fields]) => storedOutboxEntriesOf(fields)[0].entry.seq === 1);
  await redis.xgroup('CREATE', stream, RELAY_GROUP, '0', 'MKSTREAM');
  await redis.xreadgroup('GROUP', RELAY_GROUP, 'other', 'COUNT', creation.length, 'STREAMS', stream, '>');

  // This relay gets the UPDATE (seq 2), which must wait for seq 1.
  startRelay('relay-b');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await eventJob(order.id, 2)).toBeUndefined();

  const dispatch = outboxDispatcher(harness.services);
  for (const [id, fields] of creation) {
    for (const stored of storedOutboxEntriesOf(fields)) await dispatch(stored);
    await redis.multi().xack(stream, RELAY_GROUP, id).xdel(stream, id).exec();
  }
  const queuedAt = Date.now();
  await eventually(async () => (await eventJob(order.id, 2)) !== undefined, 5_000, 'seq 2 queued');
  expect(Date.now() - queuedAt).toBeLessThan(1_000);
});

it('R58: the age of the oldest unrelayed outbox entry is measured, and /health warns past 60 s', async () => {
  const { relay, redis } = harness.services;
  const stream = storeKeys(harness.config.KEY_PREFIX).outbox();
  expect(await relay.oldestEntryAgeMs()).toBe(0);

  const [seconds] = await redis.time();
  await redis.xadd(stream, `${(Number(seconds) - 90) * 1000}-0`, 'entry', '{}');
  const age = await relay.oldestEntryAgeMs();
  expect(age).toBeGreaterThanOrEqual(90_000);
  expect(age).toBeLessThan(92_000);

  const app = await buildPortflowServer(harness.services, { logger: pino({ level: 'silent' }) });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const health = (await (await fetch(`${url}/health`)).json()) as { outbox: { oldestEntryAgeMs: number }; warnings: string[] };
    expect(health.outbox.oldestEntryAgeMs).toBeGreaterThanOrEqual(90_000);
    expect(health.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^the oldest outbox entry has waited 9\d s to be relayed \(R58\)$/)]));
  } finally {
    await app.close();
  }
});
