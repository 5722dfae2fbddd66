import type { PersistedOrder } from '../../machines/runEvent';
import { storeKeys } from '../../src/store/keys';
import type { PublishedEffect } from '../../src/store/types';
import { storedOutboxEntriesOf } from '../../workers/relay/OutboxRelay';
import { createHarness, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { outboxDispatcher, outboxEntries } from '../support/outbox';

/**
 * Issue 11: a transition's notices and publication tell the order as the transition left it (R44,
 * R45) from the snapshot its commit stored beside them, not from a copy of the order inside each.
 * Real Redis and BullMQ; the relay is played by calling its dispatcher.
 */
const ops = { id: 'test' };
let harness: Harness;

beforeEach(() => {
  harness = createHarness({ env: { EVENTS_QUEUE: '1' } });
});
afterEach(async () => {
  await harness.close();
});

it('R41: a commit is one outbox stream entry, its effects in order, with its snapshot once and no copy of the order inside', async () => {
  const { engine, store, redis, config } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  await engine.apply(order.id, { type: 'SUBMIT' }, ops);

  const rows = await redis.xrange(storeKeys(config.KEY_PREFIX).outbox(), '-', '+');
  expect(rows.map(([, fields]) => fields.filter((_, index) => index % 2 === 0))).toEqual([
    ['entries', 'snapshot'],
    ['entries', 'snapshot'],
  ]);
  const submit = storedOutboxEntriesOf(rows[1][1]);
  expect(submit.map(({ entry }) => [entry.id, entry.effect.type])).toEqual([
    [`${order.id}:2:0`, 'cancelTimer'],
    [`${order.id}:2:1`, 'mail'],
    [`${order.id}:2:2`, 'armTimer'],
    [`${order.id}:2:3`, 'published'],
  ]);
  expect(submit[0].snapshot).toBe((await store.load(order.id))!.snapshot);
  for (const { entry } of submit) {
    expect(entry.order).toBeUndefined();
    expect((entry.effect as Partial<PublishedEffect>).view).toBeUndefined();
  }
});

it('R44: a publication relayed after the order moved on carries the view as of its own event', async () => {
  const { engine, queues } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  await engine.apply(order.id, { type: 'UPDATE', customerReference: 'PO-AT-SEQ-2' }, ops);
  await engine.apply(order.id, { type: 'UPDATE', customerReference: 'PO-LATER' }, ops);
  await engine.apply(order.id, { type: 'SUBMIT' }, ops);

  const dispatch = outboxDispatcher(harness.services);
  for (const stored of await outboxEntries(harness.services)) if (stored.entry.effect.type === 'published' && stored.entry.seq <= 2) await dispatch(stored);
  const job = await queues.events.getJob(`${order.id}.2`);
  expect(job?.data.order).toMatchObject({ version: 2, state: 'draft', customerReference: 'PO-AT-SEQ-2', allowedEvents: expect.arrayContaining(['SUBMIT']) });
});

it('R41: entries committed before the snapshot was stored beside them (order and view inline) are still relayed', async () => {
  const { engine, queues, store } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  const [published] = (await outboxEntries(harness.services)).filter(({ entry }) => entry.effect.type === 'published');
  const persisted = JSON.parse((await store.load(order.id))!.snapshot) as PersistedOrder;
  const inlineView = { ...engine.views.viewOf(persisted, 1), customerReference: 'AS THE OLD RELEASE WROTE IT' };

  // As a release before issue 11 wrote it: one effect per stream entry, field `entry`, the view inside.
  const legacyEntry = { ...published.entry, effect: { ...(published.entry.effect as PublishedEffect), view: inlineView } };
  await harness.services.redis.xadd(storeKeys(harness.config.KEY_PREFIX).outbox(), '*', 'entry', JSON.stringify(legacyEntry));
  const legacy = (await outboxEntries(harness.services)).at(-1)!;
  expect(legacy).toEqual({ entry: legacyEntry, snapshot: null });

  await outboxDispatcher(harness.services)(legacy);
  expect((await queues.events.getJob(`${order.id}.1`))?.data.order).toMatchObject({ customerReference: 'AS THE OLD RELEASE WROTE IT' });
});
