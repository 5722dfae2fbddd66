import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { RedisClient } from '../src/store/redis';
import { DateTime } from 'luxon';
import pino from 'pino';
import { QUEUES } from '../src/queues/names';
import { storeKeys } from '../src/store/keys';
import type { OutboxEntry } from '../src/store/types';
import { createHarness } from '../test/support/harness';
import { usOrderInput } from '../test/support/orderInputs';
import { startWorkers } from '../workers/startWorkers';
import { geographicNumbers } from './support/numbers';
import type { BenchResult } from './support/result';
import { ShiftedClock } from './support/shiftedClock';
import { forEachConcurrently, percentile, repeat } from './support/stats';

/**
 * Benchmark 3: many timers due in the same second, in real time. Portflow: orders created at one
 * frozen instant all arm their draft reminder for the same instant; then the clock runs so that
 * instant comes `LEAD_MS` of real time later, and the relay and workers start. Lateness is from
 * the due time to the timer job's completion (its transition committed), per timer. Baseline: the
 * same number of raw BullMQ delayed jobs with the same due time, a worker that does nothing.
 */
const LEAD_MS = 12_000;
/** The raw jobs are added in one go (addBulk): they need far less lead. */
const RAW_LEAD_MS = 3_000;
/** As `workers/startWorkers.ts` runs the timer queue; the raw worker gets the same. */
const TIMER_CONCURRENCY = 32;

interface Lateness {
  p50: number;
  p99: number;
  max: number;
  /** Timers the relay had not queued by their due time (lateness then includes the relay's backlog). */
  queuedLate: number;
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
    const entry = JSON.parse(fields[1]) as OutboxEntry;
    if (entry.effect.type === 'armTimer') return DateTime.fromISO(entry.effect.dueAt, { zone: 'utc' });
  }
  throw new Error('timers bench: the order armed no timer');
}

async function portflowTimers(redisUrl: string, count: number): Promise<Lateness> {
  // All orders are created at this one instant, so their draft reminders fall due together.
  const clock = new ShiftedClock(DateTime.fromISO('2026-12-01T16:00:00Z', { zone: 'utc' }));
  const harness = createHarness({ env: { REDIS_URL: redisUrl }, clock });
  const { engine, redis } = harness.services;
  try {
    await forEachConcurrently(Array.from({ length: count }), 64, async () => {
      await engine.createOrder(usOrderInput({ numbers: geographicNumbers(2) }), { id: 'bench' });
    });
    const dueAt = await armedDueAt(redis, storeKeys(harness.config.KEY_PREFIX).outbox());
    const dueRealMs = Date.now() + LEAD_MS;
    clock.run(dueAt, dueRealMs);
    const lateness: number[] = [];
    let queuedLate = 0;
    const workers = startWorkers(harness.services, pino({ level: 'silent' }));
    const timerWorker = workers.workers.find((worker) => worker.name === QUEUES.timers)!;
    timerWorker.on('completed', (job) => {
      lateness.push(Date.now() - dueRealMs);
      if (job.timestamp > dueRealMs) queuedLate++;
    });
    try {
      await untilDone(() => lateness.length, count, 'timers fired');
      return summary(lateness, queuedLate);
    } finally {
      await workers.close();
    }
  } finally {
    await harness.close();
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

export async function timersBench(redisUrl: string, count: number, runs: number): Promise<BenchResult> {
  const started = Date.now();
  let queuedLate = 0;
  const figures = await repeat(runs, async () => {
    const portflow = await portflowTimers(redisUrl, count);
    const raw = await rawTimers(redisUrl, count);
    queuedLate += portflow.queuedLate + raw.queuedLate;
    return { portflowP50: portflow.p50, portflowP99: portflow.p99, portflowMax: portflow.max, rawP50: raw.p50, rawP99: raw.p99, rawMax: raw.max };
  });
  return {
    id: 'timers',
    title: `3. Timers: ${count} timers due in the same second (real time)`,
    baseline: 'raw BullMQ delayed jobs (same due time, same worker concurrency) that do nothing',
    rows: [
      { figure: 'lateness p50', unit: 'ms', portflow: figures.portflowP50, baseline: figures.rawP50 },
      { figure: 'lateness p99', unit: 'ms', portflow: figures.portflowP99, baseline: figures.rawP99, goal: { op: '<=', value: 1.5 } },
      { figure: 'lateness max', unit: 'ms', portflow: figures.portflowMax, baseline: figures.rawMax },
    ],
    notes: [
      `Portflow: ${count} orders created at one frozen instant arm their draft reminder for the same instant; the clock then runs so that instant is ${LEAD_MS / 1000} s of real time away, and the relay and all workers (startWorkers) start. Lateness: due time → the timer job completed (TIMER transition committed).`,
      `Timers that the relay had not yet queued at their due time, over all runs (portflow + raw): ${queuedLate}.`,
    ],
    seconds: (Date.now() - started) / 1000,
  };
}
