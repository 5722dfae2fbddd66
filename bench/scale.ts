import { storeKeys } from '../src/store/keys';
import { createHarness, type Harness } from '../test/support/harness';
import { tollFreeOrderInput, usOrderInput } from '../test/support/orderInputs';
import { geographicNumbers, tollFreeNumbers } from './support/numbers';
import { memoryUsage, usedMemory } from './support/redisMemory';
import { startPrivateRedis } from './support/redisServer';
import type { BenchResult } from './support/result';
import { forEachConcurrently, percentile, repeat, spread, timed, type Spread } from './support/stats';

/**
 * Benchmark 5, on a redis-server of its own (INFO memory must see only these orders): create
 * orders (10% toll-free, 5% US projects of 100 numbers, the rest US orders of 2 numbers), measure
 * Redis memory per order, and the p99 of a create and of a list-by-state page at 1,000 orders and
 * at the full count. Baselines: a plain hash holding only snapshot + version (memory, create) and
 * a bare index read + snapshot fetch without views (list).
 */
const CONCURRENCY = 64;
const SMALL = 1_000;
/** Timed creates per run, and list pages per run, at each size. */
const CREATES_PER_RUN = 300;
const LISTS_PER_RUN = 200;
const PAGE = 50;

let created = 0;
function nextInput(): Record<string, unknown> {
  const n = created++;
  if (n % 20 === 0) return usOrderInput({ numbers: geographicNumbers(100) });
  if (n % 10 === 1) return tollFreeOrderInput({ numbers: tollFreeNumbers(1) });
  return usOrderInput({ numbers: geographicNumbers(2) });
}

interface SizeFigures {
  createP99: number;
  baselineCreateP99: number;
  listP99: number;
  baselineListP99: number;
  numberSearchP99: number;
  nameSearchP99: number;
  attentionSearchP99: number;
}

/** R62: searches per run at each size, each kind: by number, by name prefix, needs attention. */
const SEARCHES_PER_RUN = 200;

async function measureAt(harness: Harness, runs: number): Promise<Record<keyof SizeFigures, Spread>> {
  const { engine, redis } = harness.services;
  const keys = storeKeys(harness.config.KEY_PREFIX);
  const actor = { id: 'bench' };
  return repeat(runs, async (run) => {
    const creates: number[] = [];
    const ids: string[] = [];
    await forEachConcurrently(Array.from({ length: CREATES_PER_RUN }), CONCURRENCY, async () => {
      ids.push((await timed(creates, () => engine.createOrder(nextInput(), actor))).id);
    });
    // The baseline writes the same snapshots, apart from the engine's creates (not competing with them).
    const snapshots = await Promise.all(ids.map(async (id) => (await redis.hget(keys.order(id), 'snapshot'))!));
    const baselineCreates: number[] = [];
    await forEachConcurrently(snapshots, CONCURRENCY, async (snapshot) => {
      await timed(baselineCreates, () => redis.hset(`${harness.config.KEY_PREFIX}:baseline:${run}:${baselineCreates.length}`, 'snapshot', snapshot, 'version', 1));
    });
    const lists: number[] = [];
    const baselineLists: number[] = [];
    await forEachConcurrently(Array.from({ length: LISTS_PER_RUN }), CONCURRENCY, async () => {
      await timed(lists, () => engine.listOrders({ state: 'draft', limit: PAGE }));
    });
    await forEachConcurrently(Array.from({ length: LISTS_PER_RUN }), CONCURRENCY, async () => {
      await timed(baselineLists, async () => {
        const page = await redis.zrevrange(keys.ordersByState('draft'), 0, PAGE - 1);
        const reads = redis.pipeline();
        for (const id of page) reads.hget(keys.order(id), 'snapshot');
        return reads.exec();
      });
    });
    // R62: a number of an order of this run, a name prefix every order shares, and needs attention.
    const numbers = await Promise.all(ids.slice(0, SEARCHES_PER_RUN).map(async (id) => ((await engine.getOrder(id)).numbers as { number: string }[])[0].number));
    const numberSearches: number[] = [];
    const nameSearches: number[] = [];
    const attentionSearches: number[] = [];
    await forEachConcurrently(numbers, CONCURRENCY, async (number) => {
      await timed(numberSearches, () => engine.listOrders({ number, limit: PAGE }));
    });
    await forEachConcurrently(Array.from({ length: SEARCHES_PER_RUN }), CONCURRENCY, async () => {
      await timed(nameSearches, () => engine.listOrders({ q: 'example d', limit: PAGE }));
    });
    await forEachConcurrently(Array.from({ length: SEARCHES_PER_RUN }), CONCURRENCY, async () => {
      await timed(attentionSearches, () => engine.listOrders({ needsAttention: true, limit: PAGE }));
    });
    return {
      numberSearchP99: percentile(numberSearches, 99),
      nameSearchP99: percentile(nameSearches, 99),
      attentionSearchP99: percentile(attentionSearches, 99),
      createP99: percentile(creates, 99),
      baselineCreateP99: percentile(baselineCreates, 99),
      listP99: percentile(lists, 99),
      baselineListP99: percentile(baselineLists, 99),
    };
  });
}

async function createUntil(harness: Harness, total: number): Promise<void> {
  const actor = { id: 'bench' };
  await forEachConcurrently(Array.from({ length: Math.max(0, total - created) }), CONCURRENCY, async () => {
    await harness.services.engine.createOrder(nextInput(), actor);
  });
}

/** Memory by structure, from MEMORY USAGE: per order for per-order keys (sampled), whole for shared ones. */
async function memoryBreakdown(harness: Harness, sample: string[]) {
  const { redis } = harness.services;
  const keys = storeKeys(harness.config.KEY_PREFIX);
  const average = async (keyOf: (id: string) => string) => {
    let sum = 0;
    for (const id of sample) sum += await memoryUsage(redis, keyOf(id));
    return sum / sample.length;
  };
  const shared = async (names: string[]) => (await Promise.all(names.map((key) => memoryUsage(redis, key)))).reduce((a, b) => a + b, 0);
  const indexKeys = (await redis.keys(`${harness.config.KEY_PREFIX}:orders:*`)).concat(await redis.keys(`${harness.config.KEY_PREFIX}:projects:*`));
  const historyList = await average(keys.history);
  // The CREATE entry alone, without the list's own overhead: its JSON, and the history list holding
  // it less a list holding one 1-byte element (what a list costs before any entry).
  const createJson = (await Promise.all(sample.map(async (id) => Buffer.byteLength((await redis.lindex(keys.history(id), 0))!)))).reduce((a, b) => a + b, 0) / sample.length;
  const emptyishList = `${harness.config.KEY_PREFIX}:bench:one-byte-list`;
  await redis.rpush(emptyishList, 'x');
  const listOverhead = await memoryUsage(redis, emptyishList);
  await redis.del(emptyishList);
  // An ordinary event's entry is what a SUBMIT adds.
  const actor = { id: 'bench' };
  await forEachConcurrently(sample, CONCURRENCY, async (id) => {
    await harness.services.engine.apply(id, { type: 'SUBMIT' }, actor);
  });
  return {
    orderHash: await average(keys.order),
    historyList,
    createEntryJson: createJson,
    createEntry: historyList - listOverhead,
    submitEntry: (await average(keys.history)) - historyList,
    indexes: await shared(indexKeys),
    numberIndex: await shared([keys.numbers()]),
    outbox: await shared([keys.outbox()]),
    feed: await shared([keys.feed()]),
  };
}

export async function scaleBench(total: number, runs: number): Promise<BenchResult> {
  const started = Date.now();
  const server = await startPrivateRedis();
  const harness = createHarness({ env: { REDIS_URL: server.url } });
  try {
    const { redis } = harness.services;
    const before = await usedMemory(redis);
    await createUntil(harness, SMALL);
    const small = await measureAt(harness, runs);
    await createUntil(harness, total - runs * CREATES_PER_RUN);
    const large = await measureAt(harness, runs);
    const count = created;
    const after = await usedMemory(redis);

    const sample = (await redis.zrandmember(storeKeys(harness.config.KEY_PREFIX).ordersAll(), 500)) as string[];
    const memory = await memoryBreakdown(harness, sample);
    const baselineSample = await redis.keys(`${harness.config.KEY_PREFIX}:baseline:*`);
    let baselineBytes = 0;
    for (const key of baselineSample.slice(0, 500)) baselineBytes += await memoryUsage(redis, key);
    const baselinePerOrder = baselineBytes / Math.min(500, baselineSample.length);

    const perOrder = (after - before) / count;
    // Every order's history holds its CREATE entry when INFO memory is read.
    const historyPerOrder = memory.historyList;
    const outboxPerOrder = memory.outbox / count;
    const one = (value: number) => spread([value]);
    const growth = (figure: keyof SizeFigures) => spread(large[figure].runs.map((value, i) => value / small[figure].runs[i]));
    return {
      id: 'scale',
      title: `5. Scale: ${count} orders (10% toll-free, 5% US projects of 100 numbers), private redis-server`,
      baseline: 'memory/create: a hash with only snapshot + version; list: ZREVRANGE + snapshot fetch, no views',
      rows: [
        { figure: 'memory per order, all (INFO used_memory)', unit: 'B', portflow: one(perOrder), baseline: one(baselinePerOrder) },
        {
          figure: 'memory per order excl. history and outbox',
          unit: 'B',
          portflow: one(perOrder - historyPerOrder - outboxPerOrder),
          baseline: one(baselinePerOrder),
          goal: { op: '<=', value: 4096, of: 'portflow' },
        },
        { figure: 'order hash (MEMORY USAGE, sampled)', unit: 'B', portflow: one(memory.orderHash), baseline: one(baselinePerOrder) },
        { figure: 'history entry, CREATE (JSON)', unit: 'B', portflow: one(memory.createEntryJson), baseline: null },
        { figure: 'history entry, CREATE (MEMORY USAGE of its list − of a 1-byte list)', unit: 'B', portflow: one(memory.createEntry), baseline: null, goal: { op: '<=', value: 300, of: 'portflow' } },
        { figure: 'history entry, SUBMIT (MEMORY USAGE delta)', unit: 'B', portflow: one(memory.submitEntry), baseline: null, goal: { op: '<=', value: 300, of: 'portflow' } },
        { figure: 'create p99 at 1,000', unit: 'ms', portflow: small.createP99, baseline: small.baselineCreateP99 },
        { figure: `create p99 at ${count}`, unit: 'ms', portflow: large.createP99, baseline: large.baselineCreateP99 },
        { figure: `create p99 growth 1,000 → ${count}`, unit: '×', portflow: growth('createP99'), baseline: growth('baselineCreateP99'), goal: { op: '<=', value: 1.5, of: 'portflow' } },
        { figure: 'list-by-state p99 at 1,000', unit: 'ms', portflow: small.listP99, baseline: small.baselineListP99 },
        { figure: `list-by-state p99 at ${count}`, unit: 'ms', portflow: large.listP99, baseline: large.baselineListP99 },
        { figure: `list p99 growth 1,000 → ${count}`, unit: '×', portflow: growth('listP99'), baseline: growth('baselineListP99'), goal: { op: '<=', value: 1.5, of: 'portflow' } },
        { figure: 'R62 search by number p99 at 1,000', unit: 'ms', portflow: small.numberSearchP99, baseline: null },
        { figure: `R62 search by number p99 at ${count}`, unit: 'ms', portflow: large.numberSearchP99, baseline: null },
        { figure: `R62 search by number p99 growth 1,000 → ${count}`, unit: '×', portflow: growth('numberSearchP99'), baseline: null, goal: { op: '<=', value: 1.5, of: 'portflow' } },
        { figure: 'R62 search by name prefix p99 at 1,000', unit: 'ms', portflow: small.nameSearchP99, baseline: null },
        { figure: `R62 search by name prefix p99 at ${count}`, unit: 'ms', portflow: large.nameSearchP99, baseline: null },
        { figure: `R62 search by name prefix p99 growth 1,000 → ${count}`, unit: '×', portflow: growth('nameSearchP99'), baseline: null, goal: { op: '<=', value: 1.5, of: 'portflow' } },
        { figure: `R62 needs-attention p99 growth 1,000 → ${count}`, unit: '×', portflow: growth('attentionSearchP99'), baseline: null, goal: { op: '<=', value: 1.5, of: 'portflow' } },
      ],
      notes: [
        `Memory: INFO used_memory ${before} B before, ${after} B after ${count} orders (each with its CREATE history entry, no relay running so the outbox still holds its entries). Per order by structure: order hash ${memory.orderHash.toFixed(0)} B, history ${historyPerOrder.toFixed(0)} B, list indexes ${(memory.indexes / count).toFixed(0)} B, number index ${(memory.numberIndex / count).toFixed(0)} B, outbox ${outboxPerOrder.toFixed(0)} B (transient: the relay deletes entries once queued), feed ${(memory.feed / count).toFixed(0)} B.`,
        `Create and list p99 at each size: ${runs} runs of ${CREATES_PER_RUN} creates and ${LISTS_PER_RUN} first pages of ${PAGE} (state draft, which holds every order), ${CONCURRENCY} in flight.`,
        `R62 search p99 at each size: ${runs} runs of ${SEARCHES_PER_RUN} first pages of ${PAGE} per kind — by a number of an order of the run, by the name prefix "example d" (every order's company, so a full page), and needs attention (none of these drafts does: the index read alone).`,
      ],
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await harness.close();
    await server.stop();
  }
}
