import { DateTime } from 'luxon';
import { createOrderMachines, type PersistedOrder } from '../../machines/runEvent';
import { storeKeys } from '../../src/store/keys';
import { SLOT_BOOKINGS_VERSION_FIELD } from '../../src/store/OrderStore';
import type { HistoryEntry } from '../../src/store/types';
import { createHarness, TEST_TOKENS, testEnv, type Harness } from '../support/harness';
import { historyTransitionProblems } from '../support/historyTransitions';
import { auditOrder, auditProblems, type OrderAudit } from '../support/orderAudit';
import { usOrderInput } from '../support/orderInputs';
import { crashAll, freePort, spawnPortflow, waitForApi } from '../support/portflowProcess';
import { portingDayFrom } from '../support/sandboxDates';
import { storeFootprint } from '../support/storeFootprint';
import { inParallel, portStartOn } from '../support/usPortRun';

/**
 * Issue 5, drill 4: 200 concurrent HTTP clients send conflicting events to the same 20 orders for
 * 30 s against `portflow api` (a child process, so the API has a core of its own). Some requests
 * carry If-Match with a version the client saw (often stale by then), some an Idempotency-Key from
 * a small pool per order (so keys are replayed, sometimes with another body, sometimes while the
 * first request is still running). Afterwards: no 5xx and no dropped connection; for every order
 * history length == version with gap-free seqs, every history entry a transition the machine
 * definition allows, chained from the previous one; slot bookings within capacity (R19).
 */
const CLIENTS = 200;
const ORDERS = 20;
const STORM_MS = 30_000;
const KEYS_PER_ORDER = 20;
const SLOT_CAPACITY = 4;

/**
 * Event kinds and how often each is sent. CANCEL ends an order, so it is rare enough that most
 * orders keep moving; CHANGE_FOC to the later of two FOC days unschedules a port (and frees its
 * slot), so orders go back and forth between focConfirmed and scheduled for the whole storm.
 */
const EVENT_WEIGHTS: [string, number][] = [
  ['UPDATE', 25],
  ['SUBMIT', 15],
  ['RESUBMIT', 10],
  ['REJECT', 10],
  ['CONFIRM_FOC', 10],
  ['SCHEDULE', 20],
  ['CHANGE_FOC', 10],
  ['CANCEL', 0.01],
];

let harness: Harness;
let apiUrl: string;
let orderIds: string[] = [];
const lastSeenVersion = new Map<string, number>();
const statuses = new Map<number, number>();
const sentByType = new Map<string, number>();
const figures = { requests: 0, networkErrors: 0, withIfMatch: 0, withIdempotencyKey: 0, requestsPerSecond: 0 };
let audits: OrderAudit[] = [];
let histories: HistoryEntry[][] = [];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function eventOf(type: string, focDays: DateTime[], n: number): Record<string, unknown> {
  switch (type) {
    case 'UPDATE':
      return { type, customerReference: `PO-storm-${n}` };
    case 'REJECT':
      return { type, reason: 'CSR mismatch', code: 'CSR' };
    case 'CONFIRM_FOC':
      return { type, focDate: pick(focDays).toISODate() };
    case 'CHANGE_FOC':
      return { type, focDate: pick(focDays).toISODate(), reason: 'carrier moved it' };
    case 'SCHEDULE':
      return { type, startAt: portStartOn(pick(focDays)) };
    case 'CANCEL':
      return { type, reason: 'storm' };
    default:
      return { type };
  }
}

function weightedType(): string {
  const total = EVENT_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = Math.random() * total;
  for (const [type, weight] of EVENT_WEIGHTS) if ((roll -= weight) < 0) return type;
  return EVENT_WEIGHTS[0][0];
}

/** One client: sends random events to random orders until the storm is over. */
async function stormClient(focDays: DateTime[], until: number): Promise<void> {
  while (Date.now() < until) {
    const id = pick(orderIds);
    const type = weightedType();
    const headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' };
    const seen = lastSeenVersion.get(id);
    if (seen !== undefined && Math.random() < 0.3) {
      headers['if-match'] = `"${seen}"`;
      figures.withIfMatch++;
    }
    if (Math.random() < 0.3) {
      headers['idempotency-key'] = `storm-${id}-${Math.floor(Math.random() * KEYS_PER_ORDER)}`;
      figures.withIdempotencyKey++;
    }
    figures.requests++;
    sentByType.set(type, (sentByType.get(type) ?? 0) + 1);
    const body = JSON.stringify(eventOf(type, focDays, figures.requests));
    const response = await fetch(`${apiUrl}/v1/port-orders/${id}/events`, { method: 'POST', headers, body }).catch(() => null);
    if (!response) {
      figures.networkErrors++;
      continue;
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const answer = (await response.json()) as { version?: number };
    if (response.status === 200 && answer.version !== undefined) lastSeenVersion.set(id, Math.max(answer.version, lastSeenVersion.get(id) ?? 0));
  }
}

beforeAll(async () => {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  // No SANDBOX: the API runs on the system clock, and the dates below derive from the real now.
  const env = testEnv({ PORT: String(port), SLOT_CAPACITY: String(SLOT_CAPACITY) });
  harness = createHarness({ env: env as Record<string, string> });
  const api = spawnPortflow('api', env);
  await waitForApi(apiUrl, api);

  const focDay = portingDayFrom(DateTime.now().plus({ days: 10 }));
  orderIds = await inParallel(Array.from({ length: ORDERS }), 4, async () => {
    const response = await fetch(`${apiUrl}/v1/port-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...usOrderInput(), requestedFocDate: focDay.toISODate() }),
    });
    const created = (await response.json()) as { id: string; version: number };
    if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(created)}`);
    lastSeenVersion.set(created.id, created.version);
    return created.id;
  });

  const focDays = [focDay, portingDayFrom(focDay.plus({ days: 1 }))];
  const began = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, () => stormClient(focDays, began + STORM_MS)));
  figures.requestsPerSecond = Math.round(figures.requests / ((Date.now() - began) / 1000));

  audits = await Promise.all(orderIds.map((id) => auditOrder(harness.services.engine, id)));
  histories = await Promise.all(orderIds.map((id) => harness.services.engine.history(id)));
  const finalStates: Record<string, number> = {};
  for (const audit of audits) finalStates[audit.state] = (finalStates[audit.state] ?? 0) + 1;
  process.stdout.write(
    `storm figures: ${JSON.stringify({
      ...figures,
      statuses: Object.fromEntries(statuses),
      sentByType: Object.fromEntries(sentByType),
      transitions: audits.reduce((sum, audit) => sum + audit.version - 1, 0),
      finalStates,
    })}\n`,
  );
}, STORM_MS + 90_000);

afterAll(async () => {
  await crashAll();
  await harness?.close();
});

it('R39/R40: 200 clients for 30 s: every request answered, none with a 5xx', () => {
  expect(figures.requests).toBeGreaterThan(CLIENTS * 10);
  expect(figures.networkErrors).toBe(0);
  expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
  // The storm did conflict: accepted changes, refused transitions or versions, and replays all happened.
  expect(statuses.get(200)).toBeGreaterThan(0);
  expect(statuses.get(409)).toBeGreaterThan(0);
});

it('R38/R39: for every order history length == version and the seqs are gap-free', () => {
  expect(audits).toHaveLength(ORDERS);
  expect(audits.flatMap(auditProblems)).toEqual([]);
  expect(histories.map((history) => history.length)).toEqual(audits.map((audit) => audit.version));
});

it('R38: every history entry is a transition the machine allows, each starting where the last ended, ending in the order state', () => {
  const machines = createOrderMachines({ calendar: harness.services.calendar, portWindowMinutes: harness.config.PORT_WINDOW_MINUTES });
  const problems = orderIds.flatMap((id, i) => historyTransitionProblems(machines.us, id, histories[i]));
  expect(problems).toEqual([]);
  expect(audits.map((audit, i) => histories[i][histories[i].length - 1].to === audit.state)).toEqual(audits.map(() => true));
  // Not a formality: the storm moved the orders through several states.
  expect(new Set(histories.flat().map((entry) => entry.type)).size).toBeGreaterThanOrEqual(5);
});

it('R19: slot bookings never exceed capacity, and each booking belongs to a scheduled order that holds one', async () => {
  const bookings = await harness.services.redis.hgetall(storeKeys(harness.config.KEY_PREFIX).slots());
  const slots = Object.entries(bookings).filter(([field]) => field !== SLOT_BOOKINGS_VERSION_FIELD);
  expect(slots.filter(([, count]) => Number(count) > SLOT_CAPACITY)).toEqual([]);
  const holders = await Promise.all(
    orderIds.map(async (id) => {
      const stored = await harness.services.store.load(id);
      const { context } = JSON.parse(stored!.snapshot) as PersistedOrder;
      return context.schedule?.holdsSlot === true ? 1 : 0;
    }),
  );
  expect((await storeFootprint(harness)).slotBookings).toBe(holders.reduce<number>((sum, held) => sum + held, 0));
});
