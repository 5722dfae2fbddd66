import { DateTime } from 'luxon';
import { QUEUES } from '../src/queues/names';
import { storeKeys } from '../src/store/keys';
import { denver, portingDayFrom, rehearsalStart } from '../test/support/sandboxDates';
import { usOrderInput } from '../test/support/orderInputs';
import { startStack, type Stack } from '../test/support/stack';
import { geographicNumbers } from './support/numbers';
import type { BenchResult } from './support/result';
import type { Spread } from './support/stats';
import { forEachConcurrently, repeat } from './support/stats';
import { memoryByKey, memoryUsage, usedMemory } from './support/redisMemory';
import type { RedisClient } from '../src/store/redis';

/**
 * Benchmark 4: US orders from draft to completed with the sandbox clock, the whole service running
 * (relay, every worker, mail to an in-process SMTP server, invites, timers, simulated test calls).
 * Orders are driven through the engine and the sandbox clock controller (what the HTTP routes
 * call); the clock is moved slot by slot through the port day, as an operator rehearsing would.
 */
const SLOTS = 10;
const CONCURRENCY = 64;

interface LifecycleRun {
  ordersPerMinute: number;
  eventsPerSecond: number;
  mailsPerSecond: number;
  /** Mails the SMTP server had received when the last order completed, and those still queued. */
  mails: number;
  mailBacklog: number;
  seconds: number;
  /** Where the run's time went: events sent by clients, clock moves (timers), test calls after the last move. */
  phases: { events: number; clockMoves: number; tail: number };
  memory: LifecycleMemory;
}

/** Redis bytes per order once every order completed (MEMORY USAGE unless said otherwise). */
interface LifecycleMemory {
  /** Every key under the run's key prefix: order hashes, history, indexes, streams, idempotency, sandbox. */
  portflow: number;
  history: number;
  /** The same by the kind of key (the word after the prefix: order, history, orders, feed, …). */
  byKind: Map<string, number>;
  /** The outbox stream at its largest while the run went, sampled every OUTBOX_SAMPLE_MS (the relay empties it). */
  outboxPeak: number;
  /** Every key under the run's queue prefix: finished jobs BullMQ keeps, and mail still queued. */
  bullmq: number;
  /** INFO used_memory after less before: all of it, plus the allocator's and the connections' share. */
  usedMemory: number;
}

const OUTBOX_SAMPLE_MS = 250;

/** Samples MEMORY USAGE of the outbox stream until stopped; answers the largest figure seen. */
function outboxPeak(redis: RedisClient, outboxKey: string): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      peak = Math.max(peak, await memoryUsage(redis, outboxKey));
      await new Promise((resolve) => setTimeout(resolve, OUTBOX_SAMPLE_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await sampling;
      return peak;
    },
  };
}

async function memoryPerOrder(stack: Stack, count: number, usedBefore: number, outboxBytes: number): Promise<LifecycleMemory> {
  const { redis, config } = stack.harness.services;
  const keys = storeKeys(config.KEY_PREFIX);
  const portflowKeys = await memoryByKey(redis, `${config.KEY_PREFIX}:*`);
  const bullmqKeys = await memoryByKey(redis, `${config.QUEUE_PREFIX}:*`);
  const sum = (usage: Map<string, number>, which: (key: string) => boolean = () => true) => [...usage].filter(([key]) => which(key)).reduce((total, [, bytes]) => total + bytes, 0);
  const byKind = new Map<string, number>();
  for (const [key, bytes] of portflowKeys) {
    const kind = key.slice(config.KEY_PREFIX.length + 1).split(':')[0];
    byKind.set(kind, (byKind.get(kind) ?? 0) + bytes / count);
  }
  // Every history key starts as the key of the empty id does, without its closing brace.
  const historyKeyStart = keys.history('').slice(0, -1);
  return {
    portflow: sum(portflowKeys) / count,
    history: sum(portflowKeys, (key) => key.startsWith(historyKeyStart)) / count,
    byKind,
    outboxPeak: outboxBytes / count,
    bullmq: sum(bullmqKeys) / count,
    usedMemory: ((await usedMemory(redis)) - usedBefore) / count,
  };
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`lifecycle bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function lifecycleRun(redisUrl: string, count: number): Promise<LifecycleRun> {
  const stack: Stack = await startStack({ REDIS_URL: redisUrl, TEST_CALL_PROVIDER: 'simulated', SLOT_CAPACITY: String(Math.ceil(count / SLOTS)) });
  const { engine, sandbox, queues, redis, config } = stack.harness.services;
  const actor = { id: 'bench' };
  const usedBefore = await usedMemory(redis);
  const outbox = outboxPeak(redis, storeKeys(config.KEY_PREFIX).outbox());
  try {
    const start = rehearsalStart();
    await sandbox!.moveTo(start);
    const focDay = portingDayFrom(start.plus({ days: 7 }));
    const slotOf = (i: number) => denver(focDay, 9, 15 * (i % SLOTS));
    const started = performance.now();

    const ids: string[] = [];
    await forEachConcurrently(Array.from({ length: count }, (_, i) => i), CONCURRENCY, async (i) => {
      const { id } = await engine.createOrder(usOrderInput({ numbers: geographicNumbers(2), requestedFocDate: focDay.toISODate() }), actor);
      ids[i] = id;
      await engine.apply(id, { type: 'SUBMIT' }, actor);
      await engine.apply(id, { type: 'CONFIRM_FOC', focDate: focDay.toISODate() }, actor);
      await engine.apply(id, { type: 'SCHEDULE', startAt: slotOf(i), conferenceBridge: 'https://bridge.example.com/port' }, actor);
    });
    const phases = { events: (performance.now() - started) / 1000, clockMoves: 0, tail: 0 };
    // Slot by slot: the window opens (timers), the contacts confirm, the carrier ports.
    for (let slot = 0; slot < SLOTS; slot++) {
      const moveStarted = performance.now();
      await sandbox!.moveTo(DateTime.fromISO(slotOf(slot)).plus({ minutes: 1 }));
      phases.clockMoves += (performance.now() - moveStarted) / 1000;
      const inSlot = ids.filter((_, i) => i % SLOTS === slot);
      const eventsStarted = performance.now();
      await forEachConcurrently(inSlot, CONCURRENCY, async (id) => {
        await engine.apply(id, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' }, actor);
        await engine.apply(id, { type: 'PORT_COMPLETED' }, actor);
      });
      phases.events += (performance.now() - eventsStarted) / 1000;
    }
    const tailStarted = performance.now();
    const completed = storeKeys(config.KEY_PREFIX).ordersByState('completed');
    await waitFor(async () => (await redis.zcard(completed)) === count, 'every order completed');
    const seconds = (performance.now() - started) / 1000;
    phases.tail = (performance.now() - tailStarted) / 1000;

    const versions = redis.pipeline();
    for (const id of ids) versions.hget(storeKeys(config.KEY_PREFIX).order(id), 'version');
    const events = ((await versions.exec()) ?? []).reduce((sum, [, version]) => sum + Number(version) - 1, 0);
    const mails = stack.smtp.received.length;
    const mailBacklog = Object.values(await queues.mail.getJobCounts('wait', 'active', 'delayed', 'prioritized')).reduce((sum, n) => sum + n, 0);
    const memory = await memoryPerOrder(stack, count, usedBefore, await outbox.stop());
    return { ordersPerMinute: count / (seconds / 60), eventsPerSecond: events / seconds, mailsPerSecond: mails / seconds, mails, mailBacklog, seconds, phases, memory };
  } finally {
    await outbox.stop();
    await stack.close();
  }
}

export async function lifecycleBench(redisUrl: string, count: number, runs: number, engineEventsPerSecond: Spread): Promise<BenchResult> {
  const started = Date.now();
  const mails: string[] = [];
  const phases: string[] = [];
  let byKind = new Map<string, number>();
  const figures = await repeat(runs, async () => {
    const run = await lifecycleRun(redisUrl, count);
    mails.push(`${run.mails} sent, ${run.mailBacklog} queued`);
    phases.push(`${run.phases.events.toFixed(1)} s events, ${run.phases.clockMoves.toFixed(1)} s clock moves, ${run.phases.tail.toFixed(1)} s test calls to completed`);
    const { memory } = run;
    byKind = memory.byKind;
    return {
      ordersPerMinute: run.ordersPerMinute,
      eventsPerSecond: run.eventsPerSecond,
      mailsPerSecond: run.mailsPerSecond,
      seconds: run.seconds,
      portflowBytes: memory.portflow,
      historyBytes: memory.history,
      outboxPeakBytes: memory.outboxPeak,
      bullmqBytes: memory.bullmq,
      usedMemoryBytes: memory.usedMemory,
    };
  });
  return {
    id: 'lifecycle',
    title: `4. Lifecycle: ${count} US orders draft → completed, sandbox clock, whole service`,
    baseline: 'the engine events/s of benchmark 1',
    rows: [
      { figure: 'orders/min', unit: 'orders/min', portflow: figures.ordersPerMinute, baseline: null },
      { figure: 'events/s', unit: 'ev/s', portflow: figures.eventsPerSecond, baseline: engineEventsPerSecond, baselineLabel: 'engine (1)' },
      { figure: 'mails delivered/s', unit: 'mail/s', portflow: figures.mailsPerSecond, baseline: null },
      { figure: 'wall time per run', unit: 's', portflow: figures.seconds, baseline: null },
      { figure: 'Redis per completed order: portflow keys', unit: 'B', portflow: figures.portflowBytes, baseline: null },
      { figure: '… of which the history', unit: 'B', portflow: figures.historyBytes, baseline: null },
      { figure: 'outbox at its peak, per order (transient)', unit: 'B', portflow: figures.outboxPeakBytes, baseline: null },
      { figure: 'BullMQ keys per order (kept and queued jobs)', unit: 'B', portflow: figures.bullmqBytes, baseline: null },
      { figure: 'INFO used_memory growth per order', unit: 'B', portflow: figures.usedMemoryBytes, baseline: null },
    ],
    notes: [
      `Per order: CREATE, SUBMIT, CONFIRM_FOC, SCHEDULE (${SLOTS} slots on one port day), the 24-hour reminder and window-open timers, CONFIRM_READY, PORT_COMPLETED, simulated test calls → completed. The clock is moved slot by slot; a run ends when every order is completed.`,
      `Time per run: ${phases.join('; ')}. The clock moves fire ${2 * count} timers (reminder, window open), one at a time (SandboxClockController).`,
      `Mail (${QUEUES.mail}, SMTP without ?pool=true, as configured by test/support/stack.ts) lags the workflow: when the last order completed, per run: ${mails.join('; ')}.`,
      `Memory, read when the last order completed, divided by the ${count} orders: "portflow keys" is MEMORY USAGE summed over every key under the run's key prefix (order hashes, history lists, list/search/number indexes and slot bookings, the outbox and change-feed streams, idempotency records, the sandbox timer index); the outbox has been emptied by the relay by then, so its peak (MEMORY USAGE sampled every ${OUTBOX_SAMPLE_MS} ms while the run went) is a row of its own. BullMQ's keys (finished jobs it keeps, removeOnComplete up to 10,000 per queue and 24 h; the mail still queued) are counted apart: they are bounded by queue, not by order. INFO used_memory growth counts all of that plus what Redis itself allocated meanwhile. Portflow keys per order by kind (last run): ${[...byKind].sort(([, a], [, b]) => b - a).map(([kind, bytes]) => `${kind} ${Math.round(bytes)} B`).join(', ')}.`,
    ],
    seconds: (Date.now() - started) / 1000,
  };
}
