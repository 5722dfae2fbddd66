import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { createHarness, TEST_TOKENS, type Harness } from '../test/support/harness';
import { usOrderInput } from '../test/support/orderInputs';
import { BaselineStore } from './support/baseline';
import { geographicNumbers } from './support/numbers';
import type { BenchResult, Row } from './support/result';
import { forEachConcurrently, repeat, spread, type Spread } from './support/stats';
import { startTargetProcess, type TargetProcess } from './support/targetProcess';
import type { PersistedOrder } from '../machines/runEvent';

/**
 * Benchmark 7: each public request on its own, through HTTP (API process alone) and through the
 * embedded default (API and workers in one process, as `npm start` runs). Every write is compared
 * with a bare Fastify route doing one Lua compare-and-set of the same order's snapshot (the floor of
 * any write); GET and list with bare routes reading the same snapshots. Each run sends AMOUNT
 * requests over CONNECTIONS connections; a one-shot write (SUBMIT, CONFIRM_FOC, SCHEDULE, CANCEL)
 * uses each prepared order once.
 */
const CONNECTIONS = 64;
const actor = { id: 'bench' };
const auth = { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' };

/** The port day of the SCHEDULE/RESCHEDULE writes: Wednesday 2026-12-09, its 34 standard slots. */
const FOC_DATE = '2026-12-08';
const SLOTS = Array.from({ length: 34 }, (_, k) => DateTime.fromISO('2026-12-09T07:00', { zone: 'America/Denver' }).plus({ minutes: 15 * k }).toUTC().toISO()!);

type Prepared = 'draft' | 'submitted' | 'focConfirmed' | 'scheduled';
type Baseline = 'cas' | 'get' | 'list' | null;

interface Operation {
  name: string;
  /** The state its orders are prepared in; null for requests that need no order (create, list, slots). */
  needs: Prepared | null;
  oneShot: boolean;
  baseline: Baseline;
  isWrite: boolean;
  request(id: string | null): { method: 'GET' | 'POST'; path: string; body?: unknown };
}

const slotOf = new Map<string, number>();

const OPERATIONS: Operation[] = [
  { name: 'create', needs: null, oneShot: false, baseline: null, isWrite: true, request: () => ({ method: 'POST' as const, path: '/v1/port-orders', body: usOrderInput({ numbers: geographicNumbers(2) }) }) },
  { name: 'UPDATE (draft)', needs: 'draft', oneShot: false, baseline: 'cas', isWrite: true, request: (id) => ({ method: 'POST', path: `/v1/port-orders/${id}/events`, body: { type: 'UPDATE', customerReference: `PO-${Math.random().toString(36).slice(2, 8)}` } }) },
  { name: 'SUBMIT', needs: 'draft', oneShot: true, baseline: 'cas', isWrite: true, request: (id) => ({ method: 'POST', path: `/v1/port-orders/${id}/events`, body: { type: 'SUBMIT' } }) },
  { name: 'CONFIRM_FOC', needs: 'submitted', oneShot: true, baseline: 'cas', isWrite: true, request: (id) => ({ method: 'POST', path: `/v1/port-orders/${id}/events`, body: { type: 'CONFIRM_FOC', focDate: FOC_DATE } }) },
  {
    name: 'SCHEDULE',
    needs: 'focConfirmed',
    oneShot: true,
    baseline: 'cas',
    isWrite: true,
    request: (id) => ({ method: 'POST', path: `/v1/port-orders/${id}/events`, body: { type: 'SCHEDULE', startAt: SLOTS[hash(id!) % SLOTS.length] } }),
  },
  {
    name: 'RESCHEDULE',
    needs: 'scheduled',
    oneShot: false,
    baseline: 'cas',
    isWrite: true,
    request: (id) => {
      const next = ((slotOf.get(id!) ?? 0) + 1) % SLOTS.length;
      slotOf.set(id!, next);
      return { method: 'POST', path: `/v1/port-orders/${id}/events`, body: { type: 'RESCHEDULE', startAt: SLOTS[next] } };
    },
  },
  { name: 'CANCEL', needs: 'submitted', oneShot: true, baseline: 'cas', isWrite: true, request: (id) => ({ method: 'POST', path: `/v1/port-orders/${id}/events`, body: { type: 'CANCEL', reason: 'Customer withdrew' } }) },
  { name: 'GET order', needs: 'submitted', oneShot: false, baseline: 'get', isWrite: false, request: (id) => ({ method: 'GET', path: `/v1/port-orders/${id}` }) },
  { name: 'list (50)', needs: null, oneShot: false, baseline: 'list', isWrite: false, request: () => ({ method: 'GET', path: '/v1/port-orders?limit=50' }) },
  { name: 'slots (62 days)', needs: null, oneShot: false, baseline: null, isWrite: false, request: () => ({ method: 'GET', path: '/v1/porting-calendar/slots?from=2026-12-01&days=62' }) },
];

function hash(id: string): number {
  let h = 0;
  for (const char of id) h = (h * 31 + char.charCodeAt(0)) >>> 0;
  return h;
}

function baselinePath(kind: Exclude<Baseline, null>, id: string | null): { method: 'GET' | 'POST'; path: string } {
  switch (kind) {
    case 'cas':
      return { method: 'POST', path: `/baseline/${id}/cas` };
    case 'get':
      return { method: 'GET', path: `/baseline/${id}` };
    case 'list':
      return { method: 'GET', path: '/baseline' };
  }
}

/** Brings `count` new orders to `state` through the engine (not measured); the baseline gets a copy of each. */
async function prepare(harness: Harness, baseline: BaselineStore, state: Prepared, count: number): Promise<string[]> {
  const { engine, store } = harness.services;
  const ids: string[] = [];
  await forEachConcurrently(Array.from({ length: count }, (_, i) => i), 64, async () => {
    const { id } = await engine.createOrder(usOrderInput({ numbers: geographicNumbers(2) }), actor);
    if (state !== 'draft') await engine.apply(id, { type: 'SUBMIT' }, actor);
    if (state === 'focConfirmed' || state === 'scheduled') await engine.apply(id, { type: 'CONFIRM_FOC', focDate: FOC_DATE }, actor);
    if (state === 'scheduled') {
      slotOf.set(id, hash(id) % SLOTS.length);
      await engine.apply(id, { type: 'SCHEDULE', startAt: SLOTS[slotOf.get(id)!] }, actor);
    }
    const stored = await store.load(id);
    await baseline.remember(id, JSON.parse(stored!.snapshot) as PersistedOrder);
    ids.push(id);
  });
  return ids;
}

/**
 * Hands out prepared orders: a one-shot write takes each once (the order is in another state after
 * it, and autocannon builds one request per connection beyond `amount`, so the feed is sized for both);
 * any other request goes round the pool, so two connections may meet on one order (R39 retries).
 */
class OrderFeed {
  private next = 0;

  constructor(private readonly ids: readonly string[]) {}

  /** Past the end a one-shot feed starts again: those requests are refused (409) and counted in the notes. */
  take(): string {
    return this.ids[this.next++ % this.ids.length];
  }
}

interface Load {
  rate: number;
  non2xx: number;
}

async function load(url: string, amount: number, pool: OrderFeed | null, build: (id: string | null) => { method: 'GET' | 'POST'; path: string; body?: unknown }): Promise<Load> {
  const request = {
    setupRequest: (req: autocannon.Request, context: Record<string, string | null>) => {
      context.id = pool ? pool.take() : null;
      const { method, path, body } = build(context.id);
      return { ...req, method, path, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) };
    },
  };
  const result = await autocannon({ url, connections: Math.min(CONNECTIONS, amount), amount, requests: [request as autocannon.Request], initialContext: {} });
  // `duration` is in seconds; the per-second average is 0 for a run shorter than a second.
  return { rate: result.requests.total / result.duration, non2xx: result.non2xx + result.errors };
}

interface Measured {
  portflow: Spread;
  baseline: Spread | null;
  refused: number;
}

async function measure(target: TargetProcess, operation: Operation, pool: OrderFeed | null, baselinePool: OrderFeed | null, runs: number, amount: number): Promise<Measured> {
  let refused = 0;
  const baselineKind = operation.baseline;
  const figures = await repeat(runs, async () => {
    const portflow = await load(target.portflow, amount, pool, operation.request);
    refused += portflow.non2xx;
    const baseline = baselineKind ? await load(target.baseline, amount, baselinePool, (id) => baselinePath(baselineKind, id)) : null;
    return { portflow: portflow.rate, baseline: baseline?.rate ?? NaN };
  });
  return { portflow: figures.portflow, baseline: baselineKind ? figures.baseline : null, refused };
}

export async function writesBench(redisUrl: string, runs: number, amount: number): Promise<BenchResult> {
  const started = Date.now();
  const env = { REDIS_URL: redisUrl, SLOT_CAPACITY: '1000' };
  const harness = createHarness({ env });
  const baselinePrefix = `${harness.config.KEY_PREFIX}:bench:baseline`;
  const baseline = new BaselineStore(harness.services.redis, baselinePrefix, harness.clock);
  const rows: Row[] = [];
  const notes: string[] = [];
  let peakRss = 0;
  try {
    // Enough orders for every run of a mode: autocannon builds a request per connection beyond `amount`.
    const oneShotCount = (amount + CONNECTIONS) * runs + CONNECTIONS;
    const pools = new Map<Operation, { http: OrderFeed | null; embedded: OrderFeed | null; baseline: OrderFeed | null }>();
    for (const operation of OPERATIONS) {
      if (!operation.needs) {
        pools.set(operation, { http: null, embedded: null, baseline: null });
        continue;
      }
      const perMode = operation.oneShot ? oneShotCount : CONNECTIONS * 4;
      const http = await prepare(harness, baseline, operation.needs, perMode);
      const embedded = operation.oneShot ? await prepare(harness, baseline, operation.needs, perMode) : http;
      pools.set(operation, { http: new OrderFeed(http), embedded: new OrderFeed(embedded), baseline: new OrderFeed(http) });
    }
    // The preparation's own mails and timers are not what the embedded run should measure.
    await harness.services.redis.xtrim(`${harness.config.KEY_PREFIX}:outbox`, 'MAXLEN', 0);

    const results = new Map<Operation, Partial<Record<'http' | 'embedded', Measured>>>();
    for (const mode of ['http', 'embedded'] as const) {
      const target = await startTargetProcess(harness, baselinePrefix, { withWorkers: mode === 'embedded', env: { SLOT_CAPACITY: '1000' } });
      try {
        for (const operation of OPERATIONS) {
          const pool = pools.get(operation)!;
          const measured = await measure(target, operation, pool[mode], pool.baseline, runs, amount);
          console.log(`writes: ${operation.name} (${mode}) ${Math.round(measured.portflow.median)} req/s${measured.baseline ? ` vs ${Math.round(measured.baseline.median)}` : ''}`);
          if (measured.refused > 0) notes.push(`${operation.name} (${mode}): ${measured.refused} non-2xx responses.`);
          results.set(operation, { ...results.get(operation), [mode]: measured });
        }
        if (mode === 'embedded') peakRss = target.peakRss();
      } finally {
        await target.stop();
      }
    }
    for (const operation of OPERATIONS) {
      const { http, embedded } = results.get(operation) as Record<'http' | 'embedded', Measured>;
      const goal = operation.isWrite && operation.baseline ? { op: '>=' as const, value: 0.6 } : undefined;
      const slotsGoal = operation.name.startsWith('slots') ? { op: '>=' as const, value: 1000, of: 'portflow' as const } : undefined;
      rows.push({ figure: `${operation.name}, HTTP`, unit: 'req/s', portflow: http.portflow, baseline: http.baseline, goal: goal ?? slotsGoal });
      rows.push({ figure: `${operation.name}, embedded`, unit: 'req/s', portflow: embedded.portflow, baseline: embedded.baseline });
    }
    rows.push({ figure: 'peak RSS, embedded process', unit: 'MB', portflow: spread([peakRss / 2 ** 20]), baseline: null });
    notes.unshift(
      `Each run: ${amount} requests over ${CONNECTIONS} connections; the baseline of a write is a bare route doing one Lua compare-and-set of the same order's snapshot, of GET one HGET, of list 50 HGETs in a pipeline.`,
      'HTTP: the API process alone (its outbox waits); embedded: API and workers in one process, relaying and mailing as it goes, as `npm start` runs.',
    );
    return { id: 'writes', title: `7. Each request on its own, HTTP and embedded, ${CONNECTIONS} connections`, baseline: 'bare Fastify routes (see notes)', rows, notes, seconds: (Date.now() - started) / 1000 };
  } finally {
    await harness.close();
  }
}
