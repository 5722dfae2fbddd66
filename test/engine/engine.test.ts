import type { SettableClock } from '../../src/clock/clock';
import { InvalidTransitionError } from '../../src/errors/InvalidTransitionError';
import { NumberInActiveOrderError } from '../../src/errors/NumberInActiveOrderError';
import { RuleViolationError } from '../../src/errors/RuleViolationError';
import { ValidationError } from '../../src/errors/ValidationError';
import { VersionConflictError } from '../../src/errors/VersionConflictError';
import { createHarness, type Harness } from '../support/harness';
import { usOrderInput, wirelessOrderInput } from '../support/orderInputs';
import { Redis } from 'ioredis';
import { storedOutboxEntriesOf } from '../../workers/relay/OutboxRelay';

/** The engine against a real Redis: load → pure transition → one atomic commit (R38–R40). */

const ops = { id: 'test:ops' };
let harness: Harness;

beforeEach(() => {
  harness = createHarness();
});
afterEach(async () => {
  await harness.close();
});

const engine = () => harness.services.engine;

async function rejectedOrder() {
  const order = await engine().createOrder(usOrderInput(), ops);
  await engine().apply(order.id, { type: 'SUBMIT' }, ops);
  await engine().apply(order.id, { type: 'REJECT', reason: 'BTN does not match', code: '6P', fields: ['account.billingTelephoneNumber'] }, ops);
  return order.id;
}

it('SPEC §3.2: a US order goes from draft through rejection and FOC to scheduled', async () => {
  const created = await engine().createOrder(usOrderInput(), ops);
  expect(created).toMatchObject({ state: 'draft', version: 1, kind: 'us' });
  const id = created.id;
  await engine().apply(id, { type: 'SUBMIT' }, ops);
  await engine().apply(id, { type: 'REJECT', reason: 'BTN does not match', code: '6P' }, ops);
  await engine().apply(id, { type: 'UPDATE', customerReference: 'PO-1183' }, ops);
  await engine().apply(id, { type: 'RESUBMIT' }, ops);
  await engine().apply(id, { type: 'CONFIRM_FOC', focDate: '2026-12-15' }, ops);
  const scheduled = await engine().apply(id, { type: 'SCHEDULE', startAt: '2026-12-16T16:00:00Z' }, ops);
  expect(scheduled).toMatchObject({ state: 'scheduled', version: 7, rejectionCount: 1, focDate: '2026-12-15' });
  expect((scheduled as any).schedule).toMatchObject({ startAt: '2026-12-16T16:00:00Z', inviteSequence: 0 });
  const history = await engine().history(id);
  expect(history.map((entry) => entry.type)).toEqual(['CREATE', 'SUBMIT', 'REJECT', 'UPDATE', 'RESUBMIT', 'CONFIRM_FOC', 'SCHEDULE']);
  expect(history.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

it('R26: RESUBMIT of an order unchanged since its rejection is refused', async () => {
  const id = await rejectedOrder();
  await expect(engine().apply(id, { type: 'RESUBMIT' }, ops)).rejects.toMatchObject({
    code: 'rule_violation',
    details: expect.objectContaining({ code: 'unchanged_since_rejection' }),
  });
  expect((await engine().getOrder(id)).version).toBe(3);
});

it('R32/R15: SCHEDULE on a Monday is refused with the calendar code and changes nothing', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  await engine().apply(order.id, { type: 'SUBMIT' }, ops);
  await engine().apply(order.id, { type: 'CONFIRM_FOC', focDate: '2026-12-15' }, ops);
  const refusal = engine().apply(order.id, { type: 'SCHEDULE', startAt: '2026-12-21T17:00:00Z' }, ops);
  await expect(refusal).rejects.toBeInstanceOf(RuleViolationError);
  await expect(refusal).rejects.toMatchObject({ details: expect.objectContaining({ code: 'monday_blocked' }) });
  expect((await engine().history(order.id)).length).toBe(3);
});

it('SPEC §3.1: an event the state does not accept is 409 invalid_transition with the accepted events', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  const refusal = engine().apply(order.id, { type: 'PORT_COMPLETED' }, ops);
  await expect(refusal).rejects.toBeInstanceOf(InvalidTransitionError);
  await expect(refusal).rejects.toMatchObject({ details: { state: 'draft', allowedEvents: expect.arrayContaining(['SUBMIT', 'UPDATE', 'CANCEL']) } });
});

it('R1.3: an UPDATE is re-validated whole and a bad one writes nothing', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  await expect(engine().apply(order.id, { type: 'UPDATE', contacts: [] }, ops)).rejects.toBeInstanceOf(ValidationError);
  expect((await engine().getOrder(order.id)).version).toBe(1);
});

it('R11: a number in an active order is refused naming that order; free again once it is cancelled', async () => {
  const first = await engine().createOrder(usOrderInput(), ops);
  const again = usOrderInput({ numbers: [(first as any).numbers[0].number] });
  await expect(engine().createOrder(again, ops)).rejects.toMatchObject({ code: 'number_in_active_order', details: { orderId: first.id } });
  await engine().apply(first.id, { type: 'CANCEL', reason: 'customer changed their mind' }, ops);
  await expect(engine().createOrder(again, ops)).resolves.toMatchObject({ state: 'draft' });
});

it('R11: two creates racing for the same number: exactly one wins', async () => {
  const input = usOrderInput();
  const results = await Promise.allSettled([engine().createOrder(input, ops), engine().createOrder(input, ops)]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(loser.reason).toBeInstanceOf(NumberInActiveOrderError);
});

it('R39: 50 concurrent UPDATEs on one order are all applied, none lost', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  await Promise.all(
    Array.from({ length: 50 }, (_, i) => engine().apply(order.id, { type: 'UPDATE', customerReference: `PO-${i}` }, ops)),
  );
  const final = await engine().getOrder(order.id);
  const history = await engine().history(order.id);
  expect(final.version).toBe(51);
  expect(history.map((entry) => entry.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
});

it('R39: with If-Match exactly one of 10 concurrent writers wins, the others get version_conflict', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) => engine().apply(order.id, { type: 'UPDATE', customerReference: `PO-${i}` }, ops, { ifMatch: 1 })),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]) {
    expect(r.reason).toBeInstanceOf(VersionConflictError);
  }
  expect((await engine().getOrder(order.id)).version).toBe(2);
});

it('R40: a repeated Idempotency-Key returns the first result without a second transition', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  const first = await engine().apply(order.id, { type: 'SUBMIT' }, ops, { idempotencyKey: 'submit-1' });
  const second = await engine().apply(order.id, { type: 'SUBMIT' }, ops, { idempotencyKey: 'submit-1' });
  expect(second).toEqual(first);
  expect((await engine().history(order.id)).length).toBe(2);
  const input = usOrderInput();
  const created = await engine().createOrder(input, ops, { idempotencyKey: 'create-1' });
  const createdAgain = await engine().createOrder(input, ops, { idempotencyKey: 'create-1' });
  expect(createdAgain.id).toBe(created.id);
});

it('R12: the PIN is stored only encrypted: no Redis value holds it, the view shows pinOnFile', async () => {
  const pin = '97531864';
  const order = await engine().createOrder(wirelessOrderInput(pin), ops);
  await engine().apply(order.id, { type: 'UPDATE', losingCarrier: 'Other Wireless' }, ops);
  const view = await engine().getOrder(order.id);
  expect((view as any).account.pinOnFile).toBe(true);
  expect(JSON.stringify(view)).not.toContain(pin);
  const redis = new Redis(harness.config.redisUrl);
  try {
    const keys = await redis.keys(`${harness.config.KEY_PREFIX}:*`);
    for (const key of keys) {
      const dump = await redis.dumpBuffer(key);
      expect(dump?.toString('latin1') ?? '').not.toContain(pin);
    }
    expect(keys.length).toBeGreaterThan(3);
  } finally {
    redis.disconnect();
  }
});

it('R38: a transition writes its outbox entries in the same commit (one per effect, plus its publication)', async () => {
  const order = await engine().createOrder(usOrderInput(), ops);
  await engine().apply(order.id, { type: 'SUBMIT' }, ops);
  const redis = new Redis(harness.config.redisUrl);
  try {
    const entries = await redis.xrange(`${harness.config.KEY_PREFIX}:outbox`, '-', '+');
    const effects = entries.flatMap(([, fields]) => storedOutboxEntriesOf(fields)).map(({ entry }) => entry.effect.type);
    expect(effects).toEqual(expect.arrayContaining(['armTimer', 'published', 'mail', 'cancelTimer']));
  } finally {
    redis.disconnect();
  }
});

it('R44: RESCHEDULE, CHANGE_FOC and a timer that only mails are published as port_order.updated; the feed has every seq', async () => {
  const id = (await engine().createOrder(usOrderInput(), ops)).id;
  await engine().apply(id, { type: 'SUBMIT' }, ops);
  await engine().apply(id, { type: 'CONFIRM_FOC', focDate: '2026-12-08' }, ops);
  const scheduled = await engine().apply(id, { type: 'SCHEDULE', startAt: '2026-12-10T16:00:00Z' }, ops);
  await engine().apply(id, { type: 'RESCHEDULE', startAt: '2026-12-11T16:00:00Z' }, ops);
  await engine().apply(id, { type: 'CHANGE_FOC', focDate: '2026-12-09', reason: 'carrier moved it' }, ops);
  // The day-before reminder of the RESCHEDULE (seq 5) only mails the contacts.
  expect(await engine().fireTimer(id, 'portReminder', scheduled.version + 1)).toEqual({ applied: true });

  const mine = (await engine().feed({ limit: 200 })).items.filter((entry) => entry.orderId === id);
  expect(mine.map(({ seq, type, event }) => [seq, type, event])).toEqual([
    [1, 'port_order.state_changed', 'CREATE'],
    [2, 'port_order.state_changed', 'SUBMIT'],
    [3, 'port_order.state_changed', 'CONFIRM_FOC'],
    [4, 'port_order.state_changed', 'SCHEDULE'],
    [5, 'port_order.updated', 'RESCHEDULE'],
    [6, 'port_order.updated', 'CHANGE_FOC'],
    [7, 'port_order.updated', 'TIMER'],
  ]);
  const outbox = await harness.services.redis.xrange(`${harness.config.KEY_PREFIX}:outbox`, '-', '+');
  const published = outbox
    .flatMap(([, fields]) => storedOutboxEntriesOf(fields))
    .map(({ entry }) => entry)
    .filter((entry) => entry.orderId === id && entry.effect.type === 'published');
  expect(published.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

it('R19: a fifth coordinated port in a full slot is refused slot_full; a reschedule frees the place', async () => {
  const startAt = '2026-12-16T16:00:00Z';
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const order = await engine().createOrder(usOrderInput(), ops);
    await engine().apply(order.id, { type: 'SUBMIT' }, ops);
    await engine().apply(order.id, { type: 'CONFIRM_FOC', focDate: '2026-12-15' }, ops);
    ids.push(order.id);
  }
  for (const id of ids.slice(0, 4)) await engine().apply(id, { type: 'SCHEDULE', startAt }, ops);
  await expect(engine().apply(ids[4], { type: 'SCHEDULE', startAt }, ops)).rejects.toMatchObject({
    code: 'rule_violation',
    details: expect.objectContaining({ code: 'slot_full' }),
  });
  expect((await engine().getOrder(ids[4])).state).toBe('focConfirmed');
  await engine().apply(ids[0], { type: 'RESCHEDULE', startAt: '2026-12-16T16:15:00Z' }, ops);
  await expect(engine().apply(ids[4], { type: 'SCHEDULE', startAt }, ops)).resolves.toMatchObject({ state: 'scheduled' });
});

it('SPEC §1.4: a port project creates one order per account, linked by projectId', async () => {
  const base = usOrderInput();
  const { account, numbers, ...shared } = base;
  const second = usOrderInput();
  const project = await engine().createProject(
    { ...shared, accounts: [{ account, numbers }, { account: { ...second.account, companyName: 'Second LLC' }, numbers: second.numbers }] },
    ops,
  );
  expect(project.orders).toHaveLength(2);
  expect(project.orders.every((order) => (order as any).projectId === project.id)).toBe(true);
  const loaded = await engine().getProject(project.id);
  expect(loaded.orders.map((order) => order.id).sort()).toEqual(project.orders.map((order) => order.id).sort());
});

it('SPEC §1.4: a project with a bad account block reports the field under accounts[i] and creates nothing', async () => {
  const { account, numbers, ...shared } = usOrderInput();
  await expect(
    engine().createProject({ ...shared, accounts: [{ account, numbers }, { account: { ...account, companyName: '' }, numbers: ['+1'] }] }, ops),
  ).rejects.toMatchObject({ code: 'validation_failed', details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'accounts[1].account.companyName' })]) } });
  expect((await engine().listOrders({})).items).toHaveLength(0);
});

it('list pages newest first by state and kind', async () => {
  const clock = harness.clock as SettableClock;
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    clock.advance({ minutes: 1 });
    ids.push((await engine().createOrder(usOrderInput(), ops)).id);
  }
  await engine().apply(ids[1], { type: 'SUBMIT' }, ops);
  const firstPage = await engine().listOrders({ state: 'draft', kind: 'us', limit: 2 });
  expect(firstPage.items.map((o) => o.id)).toEqual([ids[4], ids[3]]);
  const secondPage = await engine().listOrders({ state: 'draft', kind: 'us', limit: 2, cursor: firstPage.nextCursor! });
  expect(secondPage.items.map((o) => o.id)).toEqual([ids[2], ids[0]]);
});

it('SPEC §1.4: a number claimed by two account blocks is refused before any order is created', async () => {
  const { account, numbers, ...shared } = usOrderInput();
  const other = usOrderInput();
  await expect(
    engine().createProject({ ...shared, accounts: [{ account, numbers }, { account: other.account, numbers: [other.numbers[0], numbers[1]] }] }, ops),
  ).rejects.toMatchObject({
    code: 'validation_failed',
    details: { issues: [expect.objectContaining({ path: 'accounts[1].numbers[1]', code: 'duplicate_number' })] },
  });
  expect((await engine().listOrders({})).items).toHaveLength(0);
});
