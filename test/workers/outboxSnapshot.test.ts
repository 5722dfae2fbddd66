import type { PersistedOrder } from '../../machines/runEvent';
import type { PublishedEffect } from '../../src/store/types';
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

it('R41: a commit stores its snapshot beside each entry that tells the order, and no copy of the order inside any', async () => {
  const { engine, store } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  await engine.apply(order.id, { type: 'SUBMIT' }, ops);
  const submit = (await outboxEntries(harness.services)).filter(({ entry }) => entry.seq === 2);

  const stored = (await store.load(order.id))!;
  expect(submit.map(({ entry, snapshot }) => [entry.effect.type, snapshot === stored.snapshot])).toEqual([
    ['cancelTimer', false],
    ['mail', true],
    ['armTimer', false],
    ['published', true],
  ]);
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
  expect(job?.data.order).toMatchObject({ version: 2, state: 'draft', customerReference: 'PO-AT-SEQ-2' });
  expect(job?.data.order.allowedEvents).toContain('SUBMIT');
});

it('R41: entries committed before the snapshot was stored beside them (order and view inline) are still relayed', async () => {
  const { engine, queues, store } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  const [published] = (await outboxEntries(harness.services)).filter(({ entry }) => entry.effect.type === 'published');
  const persisted = JSON.parse((await store.load(order.id))!.snapshot) as PersistedOrder;
  const inlineView = { ...engine.views.viewOf(persisted, 1), customerReference: 'AS THE OLD RELEASE WROTE IT' };

  await outboxDispatcher(harness.services)({ entry: { ...published.entry, effect: { ...(published.entry.effect as PublishedEffect), view: inlineView } }, snapshot: null });
  expect((await queues.events.getJob(`${order.id}.1`))?.data.order.customerReference).toBe('AS THE OLD RELEASE WROTE IT');
});
