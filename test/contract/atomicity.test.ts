import { Redis } from 'ioredis';
import pino from 'pino';
import { buildServer } from '../../src/api';
import { createMetrics } from '../../src/api/metrics';
import { SettableClock } from '../../src/clock/clock';
import { Engine } from '../../src/engine/Engine';
import { PinCipher } from '../../src/orders/pin';
import { loadPinKeys } from '../../src/orders/pinKeys';
import { OrderStore } from '../../src/store/OrderStore';
import { storeKeys } from '../../src/store/keys';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { TEST_TOKENS } from '../support/harness';
import { idempotencyRecordKey } from '../support/idempotencyRecords';
import { storeFootprint, type StoreFootprint } from '../support/storeFootprint';
import { usOrderInput, wirelessOrderInput } from '../support/orderInputs';

/**
 * R38 through the engine: a commit that fails midway leaves nothing behind. The engine here is
 * wired like `src/runtime/services.ts`, over a store whose commit script raises an error after its
 * checks (`testHooks.failAfterChecks`), sharing the harness's Redis prefix; the harness's own engine
 * sets the orders up. Every attempt must leave history, indexes, outbox, feed, slots, number index
 * and idempotency records exactly as they were.
 */

let api: ApiHarness;
let failing: Engine;
const actor = { id: 'api:ops', role: 'ops' as const };

beforeAll(async () => {
  const clock = new SettableClock('2026-12-01T16:00:00Z');
  api = await startApiHarness({ clock });
  const { config, services } = api.harness;
  failing = new Engine({
    store: new OrderStore(services.redis, { prefix: config.KEY_PREFIX, slotCapacity: config.SLOT_CAPACITY, testHooks: { failAfterChecks: true } }),
    clock,
    calendar: services.calendar,
    pins: new PinCipher(loadPinKeys(config, () => undefined)),
    config,
  });
});
afterAll(async () => {
  await api?.close();
});

/** Everything one order's commit could touch, beyond the counts: its hash, history and state indexes. */
async function orderFootprint(id: string): Promise<{ store: StoreFootprint; order: Record<string, string>; history: string[]; indexes: Record<string, number | null> }> {
  const redis = api.harness.services.redis;
  const keys = storeKeys(api.harness.config.KEY_PREFIX);
  const indexes: Record<string, number | null> = {};
  for (const state of ['draft', 'submitted', 'focConfirmed', 'scheduled']) {
    const score = await redis.zscore(keys.ordersByState(state), id);
    indexes[state] = score === null ? null : Number(score);
  }
  return { store: await storeFootprint(api.harness), order: await redis.hgetall(keys.order(id)), history: await redis.lrange(keys.history(id), 0, -1), indexes };
}

async function createdOrder(): Promise<string> {
  const created = await api.call('POST', '/v1/port-orders', { body: usOrderInput({ requestedFocDate: null }) });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function sendThroughHarness(id: string, event: Record<string, unknown>): Promise<void> {
  expect((await api.call('POST', `/v1/port-orders/${id}/events`, { body: event })).status).toBe(200);
}

it('R38: a create whose commit fails writes no order, history, number claim, outbox, feed or idempotency record', async () => {
  const input = wirelessOrderInput('4321');
  const before = await storeFootprint(api.harness);
  await expect(failing.createOrder(input, actor, { idempotencyKey: 'failed-create' })).rejects.toMatchObject({ code: 'store_commit_failed' });
  expect(await storeFootprint(api.harness)).toEqual(before);
  const keys = storeKeys(api.harness.config.KEY_PREFIX);
  const redis = api.harness.services.redis;
  expect(await redis.hmget(keys.numbers(), ...input.numbers)).toEqual(input.numbers.map(() => null));
  expect(await redis.exists(idempotencyRecordKey(api.harness.config.KEY_PREFIX, actor, 'failed-create'))).toBe(0);
  // Its numbers are still free: the real engine creates the same order.
  expect((await api.call('POST', '/v1/port-orders', { body: input })).status).toBe(201);
});

it.each([
  ['SUBMIT (history, state indexes, mails and timers in the outbox, feed)', [], { type: 'SUBMIT' }],
  ['CONFIRM_FOC (the state change and its notices)', [{ type: 'SUBMIT' }], { type: 'CONFIRM_FOC', focDate: '2026-12-15' }],
  ['SCHEDULE (a slot reservation and an invite)', [{ type: 'SUBMIT' }, { type: 'CONFIRM_FOC', focDate: '2026-12-15' }], { type: 'SCHEDULE', startAt: '2026-12-16T16:00:00Z' }],
])('R38: an event whose commit fails leaves nothing behind: %s', async (_what, setup, event) => {
  const id = await createdOrder();
  for (const step of setup) await sendThroughHarness(id, step);
  const before = await orderFootprint(id);
  await expect(failing.apply(id, event, actor, { idempotencyKey: `failed-${id}` })).rejects.toMatchObject({ code: 'store_commit_failed' });
  expect(await orderFootprint(id)).toEqual(before);
  expect(await api.harness.services.redis.exists(idempotencyRecordKey(api.harness.config.KEY_PREFIX, actor, `failed-${id}`))).toBe(0);
  // The same event still commits on a healthy store: nothing half-written stands in its way.
  await sendThroughHarness(id, event);
});

it('R38, SPEC §5: over HTTP the failed commit is a 500 internal_error in the error shape, and nothing is written', async () => {
  const { config } = api.harness;
  const redis = new Redis(config.redisUrl);
  const app = await buildServer({ engine: failing, config, redis, logger: pino({ level: 'silent' }), metrics: createMetrics({ processMetrics: false }) });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const id = await createdOrder();
    const before = await orderFootprint(id);
    const response = await fetch(`${url}/v1/port-orders/${id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json', 'x-request-id': 'atomicity-probe' },
      body: JSON.stringify({ type: 'SUBMIT' }),
    });
    const answer = { status: response.status, body: (await response.json()) as any, headers: response.headers };
    expectError(answer, 500, 'internal_error');
    expect(answer.body.error.message).not.toContain('portflow test hook');
    expect(response.headers.get('x-request-id')).toBe('atomicity-probe');
    expect(await orderFootprint(id)).toEqual(before);
  } finally {
    await app.close();
    redis.disconnect();
  }
});
