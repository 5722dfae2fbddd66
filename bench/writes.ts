import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { createHarness, TEST_TOKENS, type Harness } from '../test/support/harness';
import { usOrderInput } from '../test/support/orderInputs';
import { storeKeys } from '../src/store/keys';
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
 * any write; for create, from version 0 under a new id); GET and list with bare routes reading the
 * same snapshots. A run is `amount` requests over CONNECTIONS connections, after one untimed request
 * per connection (warm-up: a cold first run can exceed a second); a one-shot write (SUBMIT,
 * CONFIRM_FOC, SCHEDULE, CANCEL) uses one prepared order per request. A write's baseline run is
 * BASELINE_RUN_FACTOR times longer: one compare-and-set is several times faster than the write.
 */
const CONNECTIONS = 64;
const SAMPLE_MS = 20;
const BASELINE_RUN_FACTOR = 4;
const actor = { id: 'bench' };
const auth = { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' };

/** The port day of the SCHEDULE/RESCHEDULE writes: Wednesday 2026-12-09, its 34 standard slots. */
const FOC_DATE = '2026-12-08';
const SLOTS = Array.from({ length: 34 }, (_, k) => DateTime.fromISO('2026-12-09T07:00', { zone: 'America/Denver' }).plus({ minutes: 15 * k }).toUTC().toISO()!);

type Prepared = 'draft' | 'submitted' | 'focConfirmed' | 'scheduled';
type Mode = 'http' | 'embedded';
const MODES: readonly Mode[] = ['http', 'embedded'];
type Baseline = 'cas' | 'create' | 'get' | 'list' | null;

interface Operation {
  name: string;
  /** The state its orders are prepared in; null for requests that need no order (list, slots). */
  needs: Prepared | null;
  oneShot: boolean;
  baseline: Baseline;
  isWrite: boolean;
  request(id: string | null): { method: 'GET' | 'POST'; path: string; body?: unknown };
}

const slotOf = new Map<string, number>();

const OPERATIONS: Operation[] = [
  // The draft orders only serve the baseline, as the new order's snapshot it writes under a new id.
  { name: 'create', needs: 'draft', oneShot: false, baseline: 'create', isWrite: true, request: () => ({ method: 'POST', path: '/v1/port-orders', body: newOrderInput() }) },
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

function newOrderInput(): Record<string, unknown> {
  return usOrderInput({ numbers: geographicNumbers(2) });
}

function hash(id: string): number {
  let h = 0;
  for (const char of id) h = (h * 31 + char.charCodeAt(0)) >>> 0;
  return h;
}

/** The bare route that is the floor of `kind`, with the same request body as portflow's (create). */
function baselineRequest(kind: Exclude<Baseline, null>, id: string | null): { method: 'GET' | 'POST'; path: string; body?: unknown } {
  switch (kind) {
    case 'cas':
      return { method: 'POST', path: `/baseline/${id}/cas` };
    case 'create':
      return { method: 'POST', path: `/baseline/${id}/copies`, body: newOrderInput() };
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
 * it; autocannon builds exactly as many requests as asked, so the feed holds one order per request); any
 * other request goes round the pool, so two connections may meet on one order (R39 retries).
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

type RequestSpec = { method: 'GET' | 'POST'; path: string; body?: unknown };

/**
 * `amount` requests. The rate is requests ÷ (last response − start), measured here: autocannon
 * notices the end of a counted run only at its next sample tick, so its own duration is rounded up
 * to a tick (a second by default; ticks of SAMPLE_MS keep that idle wait short).
 */
async function load(url: string, amount: number, pool: OrderFeed | null, build: (id: string | null) => RequestSpec): Promise<Load> {
  let lastResponseAt = 0;
  const request = {
    setupRequest: (req: autocannon.Request, context: Record<string, string | null>) => {
      context.id = pool ? pool.take() : null;
      const { method, path, body } = build(context.id);
      // Fastify refuses a JSON content type with an empty body (400): send it only with a body.
      const headers = body === undefined ? { authorization: auth.authorization } : auth;
      return { ...req, method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    },
    onResponse: () => {
      lastResponseAt = performance.now();
    },
  };
  const started = performance.now();
  const result = await autocannon({ url, amount, connections: Math.min(CONNECTIONS, amount), sampleInt: SAMPLE_MS, requests: [request as autocannon.Request], initialContext: {} });
  return { rate: result.requests.total / ((lastResponseAt - started) / 1000), non2xx: result.non2xx + result.errors };
}

interface Measured {
  portflow: Spread;
  baseline: Spread | null;
  refused: number;
}

async function measure(target: TargetProcess, operation: Operation, pool: OrderFeed | null, baselinePool: OrderFeed | null, runs: number, amount: number): Promise<Measured> {
  let refused = 0;
  const baselineKind = operation.baseline;
  const portflowLoad = (requests: number) => load(target.portflow, requests, pool, operation.request);
  const baselineLoad = (requests: number) => load(target.baseline, requests, baselinePool, (id) => baselineRequest(baselineKind!, id));
  refused += (await portflowLoad(CONNECTIONS)).non2xx;
  if (baselineKind) await baselineLoad(CONNECTIONS);
  const figures = await repeat(runs, async () => {
    const portflow = await portflowLoad(amount);
    refused += portflow.non2xx;
    const baseline = baselineKind ? await baselineLoad(operation.isWrite ? BASELINE_RUN_FACTOR * amount : amount) : null;
    return { portflow: portflow.rate, baseline: baseline?.rate ?? NaN };
  });
  return { portflow: figures.portflow, baseline: baselineKind ? figures.baseline : null, refused };
}

export async function writesBench(redisUrl: string, runs: number, amount: number): Promise<BenchResult> {
  const started = Date.now();
  // The goals are on the HTTP rows; the embedded rows, for comparison, run once.
  const runsOf = (mode: Mode) => (mode === 'http' ? runs : 1);
  const env = { REDIS_URL: redisUrl, SLOT_CAPACITY: '1000' };
  const harness = createHarness({ env });
  const baselinePrefix = `${harness.config.KEY_PREFIX}:bench:baseline`;
  const baseline = new BaselineStore(harness.services.redis, baselinePrefix, harness.clock);
  const rows: Row[] = [];
  const notes: string[] = [];
  const peakRss: Partial<Record<Mode, number>> = {};
  try {
    const preparing = performance.now();
    // A one-shot write needs `amount` fresh orders per run and mode; the others share a pool per state.
    const sharedPools = new Map<Prepared, string[]>();
    const sharedPool = async (state: Prepared) => {
      if (!sharedPools.has(state)) sharedPools.set(state, await prepare(harness, baseline, state, CONNECTIONS * 4));
      return sharedPools.get(state)!;
    };
    const pools = new Map<Operation, { http: OrderFeed | null; embedded: OrderFeed | null; baseline: OrderFeed | null }>();
    let prepared = 0;
    for (const operation of OPERATIONS) {
      if (!operation.needs) {
        pools.set(operation, { http: null, embedded: null, baseline: null });
        continue;
      }
      const oneShotCount = (mode: Mode) => CONNECTIONS + amount * runsOf(mode);
      const http = operation.oneShot ? await prepare(harness, baseline, operation.needs, oneShotCount('http')) : await sharedPool(operation.needs);
      const embedded = operation.oneShot ? await prepare(harness, baseline, operation.needs, oneShotCount('embedded')) : http;
      prepared += operation.oneShot ? oneShotCount('http') + oneShotCount('embedded') : 0;
      pools.set(operation, { http: new OrderFeed(http), embedded: new OrderFeed(embedded), baseline: new OrderFeed(http) });
    }
    prepared += [...sharedPools.values()].reduce((sum, ids) => sum + ids.length, 0);
    const preparedSeconds = (performance.now() - preparing) / 1000;
    console.log(`writes: ${prepared} orders prepared through the engine in ${preparedSeconds.toFixed(1)} s`);
    const results = new Map<Operation, Partial<Record<Mode, Measured>>>();
    for (const mode of MODES) {
      // The mails and timers of the preparation and of the HTTP rows are not what the embedded rows measure.
      await harness.services.redis.xtrim(storeKeys(harness.config.KEY_PREFIX).outbox(), 'MAXLEN', 0);
      const target = await startTargetProcess(harness, baselinePrefix, { withWorkers: mode === 'embedded', env: { SLOT_CAPACITY: '1000' } });
      try {
        for (const operation of OPERATIONS) {
          const pool = pools.get(operation)!;
          const measured = await measure(target, operation, pool[mode], pool.baseline, runsOf(mode), amount);
          console.log(`writes: ${operation.name} (${mode}) ${Math.round(measured.portflow.median)} req/s${measured.baseline ? ` vs ${Math.round(measured.baseline.median)}` : ''}`);
          if (measured.refused > 0) notes.push(`${operation.name} (${mode}): ${measured.refused} non-2xx responses.`);
          results.set(operation, { ...results.get(operation), [mode]: measured });
        }
        peakRss[mode] = target.peakRss();
      } finally {
        await target.stop();
      }
    }
    for (const operation of OPERATIONS) {
      const { http, embedded } = results.get(operation) as Record<Mode, Measured>;
      const goal = operation.isWrite && operation.baseline ? { op: '>=' as const, value: 0.6 } : undefined;
      const slotsGoal = operation.name.startsWith('slots') ? { op: '>=' as const, value: 1000, of: 'portflow' as const } : undefined;
      rows.push({ figure: `${operation.name}, HTTP`, unit: 'req/s', portflow: http.portflow, baseline: http.baseline, goal: goal ?? slotsGoal });
      rows.push({ figure: `${operation.name}, embedded`, unit: 'req/s', portflow: embedded.portflow, baseline: embedded.baseline });
    }
    rows.push(
      { figure: 'peak RSS, API process (HTTP rows)', unit: 'MB', portflow: spread([peakRss.http! / 2 ** 20]), baseline: null },
      { figure: 'peak RSS, embedded process (API + workers, as npm start)', unit: 'MB', portflow: spread([peakRss.embedded! / 2 ** 20]), baseline: null },
    );
    notes.unshift(
      `Each run: ${amount} requests over ${CONNECTIONS} connections (a write's baseline: ${BASELINE_RUN_FACTOR * amount}), after ${CONNECTIONS} untimed ones; a one-shot write (SUBMIT, CONFIRM_FOC, SCHEDULE, CANCEL) uses one prepared order per request. The rate is requests ÷ (last response − start). The baseline of a write is a bare route doing one Lua compare-and-set of the same order's snapshot; of create, the same request body parsed and one compare-and-set from version 0 of a new draft order's snapshot under a new id; of GET one HGET; of list 50 HGETs in a pipeline.`,
      `HTTP: the API process alone (its outbox waits), ${runs} runs; embedded: API and workers in one process, relaying and mailing as it goes, as \`npm start\` runs, 1 run (no goal).`,
      `Peak RSS: VmHWM of the server child process over its whole life (one child per mode, both under tsx rather than the built dist/, which adds the TypeScript loader's memory; the bare baseline routes run in the same process).`,
      `Not measured: ${prepared} orders prepared through the engine beforehand (${preparedSeconds.toFixed(0)} s).`,
    );
    return { id: 'writes', title: `7. Each request on its own, HTTP and embedded, ${CONNECTIONS} connections`, baseline: 'bare Fastify routes (see notes)', rows, notes, seconds: (Date.now() - started) / 1000 };
  } finally {
    await harness.close();
  }
}
