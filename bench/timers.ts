import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { RedisClient } from '../src/store/redis';
import { DateTime } from 'luxon';
import pino from 'pino';
import { QUEUES } from '../src/queues/names';
import { storeKeys } from '../src/store/keys';
import { createHarness, type Harness } from '../test/support/harness';
import { usOrderInput } from '../test/support/orderInputs';
import { CONCURRENCY, startWorkers } from '../workers/startWorkers';
import { storedOutboxEntriesOf } from '../workers/relay/OutboxRelay';
import { geographicNumbers } from './support/numbers';
import type { BenchResult } from './support/result';
import { ShiftedClock } from './support/shiftedClock';
import { startBenchChild } from './support/benchChild';
import { forEachConcurrently, percentile, repeat, spread, type Spread } from './support/stats';

/**
 * Benchmark 3: many timers due in the same second, in real time. Portflow: orders created at one
 * frozen instant all arm their draft reminder for the same instant, which a running clock reaches a
 * lead time later; the relay and workers run on that clock while most orders are still being
 * created: in this process alone,
 * then (a separate run on new orders) with a second worker process beside it. Lateness is from the
 * due time to the timer job's completion (its transition committed), per timer. The goal (issue
 * 11): all timers fired within 1.25 × count ÷ the engine's events/s of benchmark 1, i.e. timers drain
 * at engine speed; and faster with the second process. Reference: the same number of raw BullMQ
 * delayed jobs with the same due time, a worker that does nothing.
 */
/**
 * The lead covers creating the rest of the orders while the relay queues their timers, on the same
 * CPU: this many times the time the first tenth took to create alone, plus a second (1.5 fell short
 * with the second process's relay on a loaded 2-core machine). Orders created or timers queued after
 * the due time are counted in the notes.
 */
const LEAD_SLACK = 2;
const CALIBRATION_SHARE = 0.1;
/** The raw jobs are added in one go (addBulk): they need far less lead. */
const RAW_LEAD_MS = 3_000;
/** As `workers/startWorkers.ts` runs the timer queue; the raw worker gets the same. */
const TIMER_CONCURRENCY = CONCURRENCY[QUEUES.timers];
/** "Drains at engine speed", with a quarter of slack (issue 11). */
const ENGINE_SPEED_SLACK = 1.25;

interface Lateness {
  p50: number;
  p99: number;
  max: number;
  /** Timers the relay had not queued by their due time (lateness then includes the relay's backlog). */
  queuedLate: number;
  /** Due time − the time the relay and workers started. */
  leadMs?: number;
  /** The orders were not all created by the due time (the lead too short for this machine). */
  createdLate?: boolean;
  /** The second worker process was not ready by the due time (it compiles the sources as it starts). */
  secondReadyLate?: boolean;
}

function summary(latenessMs: number[], queuedLate: number): Lateness {
  return { p50: percentile(latenessMs, 50), p99: percentile(latenessMs, 99), max: Math.max(...latenessMs), queuedLate };
}

async function untilDone(count: () => number, expected: number, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < expected) {
    if (Date.now() > deadline) throw new Error(`timers bench: only ${count()} of ${expected} ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The due time of the draft reminder the first order armed, as its outbox entry says. */
async function armedDueAt(redis: RedisClient, outboxKey: string): Promise<DateTime> {
  for (const [, fields] of await redis.xrange(outboxKey, '-', '+', 'COUNT', 10)) {
    for (const { entry } of storedOutboxEntriesOf(fields)) {
      if (entry.effect.type === 'armTimer') return DateTime.fromISO(entry.effect.dueAt, { zone: 'utc' });
    }
  }
  throw new Error('timers bench: the order armed no timer');
}

/** The prefixes and Redis of a harness, for another harness (or process) on the same orders and queues. */
function sameStore(harness: Harness): Record<string, string> {
  const { config } = harness;
  return { REDIS_URL: config.redisUrl, KEY_PREFIX: config.KEY_PREFIX, QUEUE_PREFIX: config.QUEUE_PREFIX, DATA_DIR: config.DATA_DIR };
}

/**
 * The timer benchmark's second worker process (`support/timerWorker.ts`), loaded but idle until
 * `start` hands it the running clock; `startedAtMs` is when its workers were ready.
 */
async function secondWorker(harness: Harness, onFired: (completedMs: number, queuedMs: number) => void) {
  let startedAtMs = Infinity;
  const child = await startBenchChild(`${__dirname}/support/timerWorker.ts`, { BENCH_HARNESS_ENV: JSON.stringify(sameStore(harness)) }, (line) => {
    const [word, completedMs, queuedMs] = line.split(' ');
    if (word === 'fired') onFired(Number(completedMs), Number(queuedMs));
    if (word === 'STARTED') startedAtMs = Date.now();
  });
  return {
    start: (dueAt: DateTime, dueRealMs: number) => child.send(`CLOCK ${dueAt.toISO()} ${dueRealMs}`),
    startedAtMs: () => startedAtMs,
    stop: () => child.stop(),
  };
}

/**
 * Two clocks on one store: the orders are created at one frozen instant (so their reminders fall
 * due together), while the relay and the workers, once a tenth of the orders exist, run on a clock
 * that reaches that due time a lead time later, so relaying overlaps with creating the rest.
 */
async function portflowTimers(redisUrl: string, count: number, processes: 1 | 2): Promise<Lateness> {
  const creating = createHarness({ env: { REDIS_URL: redisUrl }, clock: new ShiftedClock(DateTime.fromISO('2026-12-01T16:00:00Z', { zone: 'utc' })) });
  const { engine, redis } = creating.services;
  const create = () => engine.createOrder(usOrderInput({ numbers: geographicNumbers(2) }), { id: 'bench' });
  const lateness: number[] = [];
  let queuedLate = 0;
  let dueRealMs = Infinity;
  const fired = (completedMs: number, queuedMs: number) => {
    lateness.push(completedMs - dueRealMs);
    if (queuedMs > dueRealMs) queuedLate++;
  };
  const second = processes === 2 ? await secondWorker(creating, fired) : null;
  try {
    // The first order tells when every order's reminder falls due (before any relay reads the outbox).
    await create();
    const dueAt = await armedDueAt(redis, storeKeys(creating.config.KEY_PREFIX).outbox());
    const calibrating = performance.now();
    const calibrationCount = Math.max(1, Math.round(CALIBRATION_SHARE * count));
    await forEachConcurrently(Array.from({ length: calibrationCount }), 64, async () => {
      await create();
    });
    const rest = count - 1 - calibrationCount;
    const leadMs = 1_000 + (LEAD_SLACK * (performance.now() - calibrating) * rest) / calibrationCount;
    dueRealMs = Date.now() + leadMs;
    const running = new ShiftedClock(dueAt);
    running.run(dueAt, dueRealMs);
    const working = createHarness({ env: sameStore(creating), clock: running });
    const workers = startWorkers(working.services, pino({ level: 'silent' }));
    const timerWorker = workers.workers.find((worker) => worker.name === QUEUES.timers)!;
    timerWorker.on('completed', (job) => fired(Date.now(), job.timestamp));
    second?.start(dueAt, dueRealMs);
    try {
      await forEachConcurrently(Array.from({ length: rest }), 64, async () => {
        await create();
      });
      const createdAtMs = Date.now();
      await untilDone(() => lateness.length, count, 'timers fired');
      console.log(`timers: ${processes} process(es), lead ${Math.round(leadMs)} ms, ${count} orders created ${Math.round(createdAtMs - dueRealMs)} ms from the due time, all fired ${Math.round(Math.max(...lateness))} ms after it`);
      return { ...summary(lateness, queuedLate), leadMs, createdLate: createdAtMs > dueRealMs, secondReadyLate: second !== null && second.startedAtMs() > dueRealMs };
    } finally {
      await workers.close();
      // Only the connections: the keys are the creating harness's, which deletes them.
      await working.services.close();
    }
  } finally {
    await second?.stop();
    await creating.close();
  }
}

async function rawTimers(redisUrl: string, count: number): Promise<Lateness> {
  const prefix = `bench-raw-${process.pid}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw-timers', { connection, prefix });
  const lateness: number[] = [];
  let queuedLate = 0;
  const dueRealMs = Date.now() + RAW_LEAD_MS;
  const worker = new Worker('raw-timers', async () => undefined, { connection, prefix, concurrency: TIMER_CONCURRENCY });
  worker.on('completed', (job) => {
    lateness.push(Date.now() - dueRealMs);
    if (job.timestamp > dueRealMs) queuedLate++;
  });
  try {
    for (let from = 0; from < count; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - from) }, (_, i) => ({
        name: 'timer',
        data: { n: from + i },
        opts: { jobId: `t${from + i}`, delay: dueRealMs - Date.now() },
      }));
      await queue.addBulk(batch);
    }
    await untilDone(() => lateness.length, count, 'raw jobs done');
    return summary(lateness, queuedLate);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}

export async function timersBench(redisUrl: string, count: number, runs: number, engineEventsPerSecond: Spread): Promise<BenchResult> {
  const started = Date.now();
  let queuedLate = 0;
  let secondReadyLate = 0;
  let createdLate = 0;
  const figures = await repeat(runs, async () => {
    const one = await portflowTimers(redisUrl, count, 1);
    const two = await portflowTimers(redisUrl, count, 2);
    const raw = await rawTimers(redisUrl, count);
    queuedLate += one.queuedLate + two.queuedLate + raw.queuedLate;
    if (two.secondReadyLate) secondReadyLate++;
    createdLate += Number(Boolean(one.createdLate)) + Number(Boolean(two.createdLate));
    return { p50: one.p50, p99: one.p99, max: one.max, twoMax: two.max, rawP50: raw.p50, rawP99: raw.p99, rawMax: raw.max, leadMs: one.leadMs! };
  });
  // Per run of benchmark 1: the time the engine needs for `count` events, with the slack.
  const bound = spread(engineEventsPerSecond.runs.map((eventsPerSecond) => (ENGINE_SPEED_SLACK * count * 1000) / eventsPerSecond));
  return {
    id: 'timers',
    title: `3. Timers: ${count} timers due in the same second (real time)`,
    baseline: `the time the engine of benchmark 1 needs for ${count} events × ${ENGINE_SPEED_SLACK} (goal); raw BullMQ delayed jobs (same due time, same worker concurrency) that do nothing (reference)`,
    rows: [
      { figure: 'all fired (lateness max), 1 process', unit: 'ms', portflow: figures.max, baseline: bound, baselineLabel: `${ENGINE_SPEED_SLACK} × ${count} ÷ engine ev/s (1)`, goal: { op: '<=', value: 1 } },
      { figure: 'all fired (lateness max), + a worker process', unit: 'ms', portflow: figures.twoMax, baseline: figures.max, baselineLabel: '1 process', goal: { op: '<', value: 1 } },
      { figure: 'lateness p50, 1 process', unit: 'ms', portflow: figures.p50, baseline: figures.rawP50, baselineLabel: 'raw BullMQ' },
      { figure: 'lateness p99, 1 process', unit: 'ms', portflow: figures.p99, baseline: figures.rawP99, baselineLabel: 'raw BullMQ' },
      { figure: 'lateness max, 1 process', unit: 'ms', portflow: figures.max, baseline: figures.rawMax, baselineLabel: 'raw BullMQ' },
    ],
    notes: [
      `Portflow: ${count} orders created at one frozen instant arm their draft reminder for the same instant, which the clock of the relay and all workers (startWorkers, running once a tenth of the orders exist) reaches a lead later in real time: ${LEAD_SLACK} × the time that tenth took × 9 + 1 s (median ${(figures.leadMs.median / 1000).toFixed(1)} s). Lateness: due time → the timer job completed (TIMER transition committed). The goal's bound is per run of benchmark 1: ${ENGINE_SPEED_SLACK} × ${count} ÷ its events/s.`,
      `"+ a worker process": the same on ${count} new orders, with a second process (bench/support/timerWorker.ts: startWorkers, as \`portflow worker\` runs them, on the same running clock) beside this one; the relay's entries and the timer jobs are shared between the two.`,
      `Late starts over all runs: orders not all created by the due time in ${createdLate} runs, the second process not ready by it in ${secondReadyLate} of ${runs}; timers the relay had not queued by their due time (portflow + raw): ${queuedLate}.`,
    ],
    seconds: (Date.now() - started) / 1000,
  };
}
