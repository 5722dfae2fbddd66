import { join } from 'node:path';
import { createHarness } from '../test/support/harness';
import { calendarBench } from './calendar';
import { engineBench } from './engine';
import { httpBench } from './http';
import { lifecycleBench } from './lifecycle';
import { scaleBench } from './scale';
import { scaleOutBench } from './scaleOut';
import { timersBench } from './timers';
import { writesBench } from './writes';
import { BaselineStore } from './support/baseline';
import { submittedOrders } from './support/orderCycle';
import { startPrivateRedis } from './support/redisServer';
import { describeMachine, resultsSection, resultsTable, updateDocument, writeResults } from './support/report';
import type { BenchResult } from './support/result';

/**
 * `npm run bench`: the benchmarks of issue 11, each against its baseline, in ~6 minutes on a 2-core
 * machine. Redis: private redis-servers on free ports (one for all but 5, a fresh one for 5),
 * stopped at the end; the shared 6379 is not touched. BENCH_FACTOR (default 1) scales every count,
 * for a quick smoke run. Naming benchmarks (`tsx bench/run.ts engine`) runs only those and writes
 * nothing (for profiling one of them); a full run writes bench/results.json and the generated
 * section of docs/performance.md.
 */
/** Runs of a benchmark whose ratio has a goal; the lifecycle and scale-out have none and run fewer. */
const RUNS = 3;
const LIFECYCLE_RUNS = 2;
const SCALE_OUT_RUNS = 1;
const RUNS_TEXT = `${RUNS} runs per benchmark (lifecycle ${LIFECYCLE_RUNS}, workers ${SCALE_OUT_RUNS})`;
const factor = Number(process.env.BENCH_FACTOR ?? 1);
const scaled = (n: number) => Math.max(1, Math.round(n * factor));
const SIZES = {
  engineOrders: scaled(5_000),
  httpSeconds: Math.max(2, Math.round(5 * factor)),
  timers: scaled(10_000),
  lifecycleOrders: scaled(1_000),
  scaleOrders: scaled(100_000),
  writeRequests: scaled(300),
  scaleOutOrders: scaled(60),
};
const ORDER = ['engine', 'http', 'writes', 'timers', 'lifecycle', 'scale', 'calendar', 'workers'] as const;
const selected = process.argv.slice(2);
const wanted = (id: (typeof ORDER)[number]) => selected.length === 0 || selected.includes(id);

async function main(): Promise<void> {
  const unknown = selected.filter((id) => !(ORDER as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${ORDER.join(', ')}`);
  const started = Date.now();
  const results: BenchResult[] = [];
  const log = (result: BenchResult) => {
    results.push(result);
    // The notes too: a run of named benchmarks writes nothing else.
    console.log(`\n${resultsTable([result])}\n${result.notes.map((note) => `- ${note}`).join('\n')}\n(${Math.round(result.seconds)} s)`);
  };

  const redis = await startPrivateRedis();
  try {
    const harness = createHarness({ env: { REDIS_URL: redis.url } });
    try {
      if (wanted('engine') || wanted('http') || wanted('timers') || wanted('lifecycle')) {
        const baselinePrefix = `${harness.config.KEY_PREFIX}:bench:baseline`;
        const baseline = new BaselineStore(harness.services.redis, baselinePrefix, harness.clock);
        const ids = await submittedOrders(harness, SIZES.engineOrders, baseline);
        // The timers and lifecycle benchmarks compare with the engine's figure: they need benchmark 1.
        if (wanted('engine') || wanted('timers') || wanted('lifecycle')) log(await engineBench(harness, ids, baseline, RUNS));
        if (wanted('http')) log(await httpBench(harness, ids, baselinePrefix, RUNS, SIZES.httpSeconds));
      }
      if (wanted('calendar')) log(await calendarBench(harness.services.calendar, RUNS));
    } finally {
      await harness.close();
    }
    if (wanted('writes')) log(await writesBench(redis.url, RUNS, SIZES.writeRequests));
    const engineEventsPerSecond = () => results.find((r) => r.id === 'engine')!.rows[0].portflow;
    if (wanted('timers')) log(await timersBench(redis.url, SIZES.timers, RUNS, engineEventsPerSecond()));
    if (wanted('lifecycle')) log(await lifecycleBench(redis.url, SIZES.lifecycleOrders, LIFECYCLE_RUNS, engineEventsPerSecond()));
    if (wanted('workers')) log(await scaleOutBench(redis.url, SIZES.scaleOutOrders, SCALE_OUT_RUNS));
  } finally {
    await redis.stop();
  }
  if (wanted('scale')) log(await scaleBench(SIZES.scaleOrders, RUNS));

  const totalSeconds = (Date.now() - started) / 1000;
  const ordered = ORDER.flatMap((id) => results.filter((r) => r.id === id));
  console.log(`\n${resultsTable(ordered)}\n\nTotal ${Math.round(totalSeconds)} s`);
  if (selected.length > 0) return;
  const when = `${new Date().toISOString()}${factor === 1 ? '' : ` (BENCH_FACTOR=${factor}: a scaled-down smoke run, not the documented figures)`}`;
  const machine = describeMachine(redis.version, `private, port ${redis.port} and a fresh one for 5, --save "" --appendonly no`);
  writeResults(join(__dirname, 'results.json'), { machine, when, totalSeconds, results: ordered });
  updateDocument(join(__dirname, '..', 'docs', 'performance.md'), resultsSection(ordered, machine, RUNS_TEXT, totalSeconds, when));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
