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
    return { ordersPerMinute: count / (seconds / 60), eventsPerSecond: events / seconds, mailsPerSecond: mails / seconds, mails, mailBacklog, seconds, phases };
  } finally {
    await stack.close();
  }
}

export async function lifecycleBench(redisUrl: string, count: number, runs: number, engineEventsPerSecond: Spread): Promise<BenchResult> {
  const started = Date.now();
  const mails: string[] = [];
  const phases: string[] = [];
  const figures = await repeat(runs, async () => {
    const run = await lifecycleRun(redisUrl, count);
    mails.push(`${run.mails} sent, ${run.mailBacklog} queued`);
    phases.push(`${run.phases.events.toFixed(1)} s events, ${run.phases.clockMoves.toFixed(1)} s clock moves, ${run.phases.tail.toFixed(1)} s test calls to completed`);
    return { ordersPerMinute: run.ordersPerMinute, eventsPerSecond: run.eventsPerSecond, mailsPerSecond: run.mailsPerSecond, seconds: run.seconds };
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
    ],
    notes: [
      `Per order: CREATE, SUBMIT, CONFIRM_FOC, SCHEDULE (${SLOTS} slots on one port day), the 24-hour reminder and window-open timers, CONFIRM_READY, PORT_COMPLETED, simulated test calls → completed. The clock is moved slot by slot; a run ends when every order is completed.`,
      `Time per run: ${phases.join('; ')}. The clock moves fire ${2 * count} timers (reminder, window open), one at a time (SandboxClockController).`,
      `Mail (${QUEUES.mail}, SMTP without ?pool=true, as configured by test/support/stack.ts) lags the workflow: when the last order completed, per run: ${mails.join('; ')}.`,
    ],
    seconds: (Date.now() - started) / 1000,
  };
}
