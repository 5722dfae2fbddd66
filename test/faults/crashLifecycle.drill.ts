import { storeKeys } from '../../src/store/keys';
import { createHarness, testEnv, type Harness } from '../support/harness';
import { auditProblems, firedTimerNames, type OrderAudit } from '../support/orderAudit';
import { wirelessOrderInput } from '../support/orderInputs';
import { allProcessOutput, crashAll, freePort, spawnPortflow, waitForApi, waitForWorkers, type PortflowProcess } from '../support/portflowProcess';
import { dumpValues } from '../support/redisDump';
import { retryingOpsClient, type RetryingOpsClient } from '../support/retryingOpsClient';
import { noticeEntriesByOrder } from '../support/receivedMail';
import { portingDayFrom, rehearsalStart } from '../support/sandboxDates';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { inParallel, justAfterPortStart, portStartOn, settleUsRun, US_PATH_NOTICES, US_PATH_TIMERS } from '../support/usPortRun';

/**
 * Issue 5, drill 1: 500 wireless US orders go through the whole lifecycle over HTTP while a killer
 * sends SIGKILL to the API or one of the two workers at random moments (at least 20 kills), each
 * replaced at once. Clients retry with an Idempotency-Key (R40), as a real integration would.
 * Afterwards: every order completed, histories gap-free, each notice once by Message-ID, no timer
 * twice, the outbox empty — and (R12) none of the 500 PINs anywhere: child logs, history, mails,
 * queue payloads, every Redis value under the drill's prefixes.
 */
const ORDERS = 500;
const MIN_KILLS = 20;
const MAX_KILLS = 40;
const DRILL_DEADLINE_MS = 8 * 60_000;

let smtp: SmtpSink;
let harness: Harness;
let env: NodeJS.ProcessEnv;
let apiUrl: string;
const processes: Record<'api' | 'worker1' | 'worker2', PortflowProcess | null> = { api: null, worker1: null, worker2: null };
const pins: string[] = [];
let orderIds: string[] = [];
let audits: OrderAudit[] = [];
const figures = { kills: { api: 0, worker: 0 }, requestRetries: 0, events: 0, mails: 0, repeatedMessageIds: 0, seconds: 0 };

async function start(slot: keyof typeof processes): Promise<void> {
  const child = spawnPortflow(slot === 'api' ? 'api' : 'worker', env);
  processes[slot] = child;
  if (slot === 'api') await waitForApi(apiUrl, child);
  else await waitForWorkers(harness.services.queues.mail, 1, child);
}

/** Kills a random process every 0.5–1.5 s (replacing it) until told to stop and MIN_KILLS are done. */
async function killer(done: () => boolean): Promise<void> {
  const slots = Object.keys(processes) as (keyof typeof processes)[];
  while (figures.kills.api + figures.kills.worker < MAX_KILLS && !(done() && figures.kills.api + figures.kills.worker >= MIN_KILLS)) {
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
    const slot = slots[Math.floor(Math.random() * slots.length)];
    await processes[slot]!.crash();
    figures.kills[slot === 'api' ? 'api' : 'worker']++;
    await start(slot);
  }
}

/** HTTP as ops, retried with the same Idempotency-Key while the API is down or answers 5xx (R40). */
let client: RetryingOpsClient;
const call = (method: string, path: string, body?: unknown) => client.call(method, path, body);

beforeAll(async () => {
  const began = Date.now();
  smtp = await startSmtpSink();
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  client = retryingOpsClient(apiUrl);
  env = testEnv({ PORT: String(port), SANDBOX: '1', SMTP_URL: smtp.smtpUrl, TEST_CALL_PROVIDER: 'simulated', SLOT_CAPACITY: '1000', LOG_LEVEL: 'info' });
  harness = createHarness({ env: env as Record<string, string> });
  await Promise.all([start('api'), start('worker1'), start('worker2')]);

  const clockStart = rehearsalStart();
  await call('POST', '/v1/sandbox/clock', { now: clockStart.toUTC().toISO() });
  const focDay = portingDayFrom(clockStart.plus({ days: 7 }));

  let phasesDone = false;
  const killing = killer(() => phasesDone);
  orderIds = await inParallel(Array.from({ length: ORDERS }, (_, i) => i), 16, async (index) => {
    const pin = String(7_000_000_000 + index * 1_337 + Math.floor(Math.random() * 1_000));
    pins.push(pin);
    const { id } = await call('POST', '/v1/port-orders', { ...wirelessOrderInput(pin), requestedFocDate: focDay.toISODate() });
    await call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' });
    await call('POST', `/v1/port-orders/${id}/events`, { type: 'CONFIRM_FOC', focDate: focDay.toISODate() });
    await call('POST', `/v1/port-orders/${id}/events`, { type: 'SCHEDULE', startAt: portStartOn(focDay) });
    return id as string;
  });
  await call('POST', '/v1/sandbox/clock', { now: justAfterPortStart(focDay) });
  await inParallel(orderIds, 16, async (id) => {
    await call('POST', `/v1/port-orders/${id}/events`, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
    await call('POST', `/v1/port-orders/${id}/events`, { type: 'PORT_COMPLETED' });
  });
  phasesDone = true;
  await killing;

  const settled = await settleUsRun(harness, smtp, orderIds, Math.max(60_000, DRILL_DEADLINE_MS - (Date.now() - began)));
  audits = settled.audits;
  figures.mails = settled.mails;
  figures.repeatedMessageIds = settled.repeatedMessageIds;
  figures.seconds = Math.round((Date.now() - began) / 1000);
  Object.assign(figures, { events: client.accepted, requestRetries: client.retries });
  process.stdout.write(`crashLifecycle figures: ${JSON.stringify(figures)}\n`);
}, DRILL_DEADLINE_MS + 60_000);

afterAll(async () => {
  await crashAll();
  await harness?.close();
  await smtp?.close();
});

it(`R41: the drill killed the API and the workers at least ${MIN_KILLS} times`, () => {
  expect(figures.kills.api + figures.kills.worker).toBeGreaterThanOrEqual(MIN_KILLS);
  expect(figures.kills.api).toBeGreaterThan(0);
  expect(figures.kills.worker).toBeGreaterThan(0);
});

it('R38/R39: every order completed, each history gap-free and as long as its version', () => {
  expect(audits.filter((audit) => audit.state !== 'completed').map((audit) => `${audit.id}: ${audit.state}`)).toEqual([]);
  expect(audits.flatMap(auditProblems)).toEqual([]);
});

it('§3.6: each timer fired into exactly one transition', () => {
  const wrong = audits.filter((audit) => firedTimerNames(audit).join() !== US_PATH_TIMERS.join());
  expect(wrong.map((audit) => `${audit.id}: ${audit.timersFired.join(', ')}`)).toEqual([]);
});

it('R41: every notice arrived (distinct Message-IDs), none lost; the outbox is empty', async () => {
  const entries = noticeEntriesByOrder(smtp.received);
  const wrong = orderIds.filter((id) => (entries.get(id) ?? []).join() !== US_PATH_NOTICES.join());
  expect(wrong.map((id) => `${id}: ${(entries.get(id) ?? []).join(' ')}`)).toEqual([]);
  // Repeats carry the same Message-ID (Mailer's documented window), at most one per mail in flight in a killed worker.
  expect(figures.repeatedMessageIds).toBeLessThanOrEqual(8 * figures.kills.worker);
  expect(await harness.services.redis.xlen(storeKeys(harness.config.KEY_PREFIX).outbox())).toBe(0);
});

it('R12: no PIN in logs, history, e-mails, queue payloads or any Redis value under the prefixes', async () => {
  const redisValues = await dumpValues(harness.services.redis, [`${harness.config.KEY_PREFIX}:*`, `${harness.config.QUEUE_PREFIX}:*`]);
  const histories = await Promise.all(orderIds.map((id) => harness.services.engine.history(id)));
  const corpus = [allProcessOutput(), JSON.stringify(histories), ...smtp.received.map((mail) => mail.raw), ...redisValues].join('\n');
  expect(corpus.length).toBeGreaterThan(0);
  expect(allProcessOutput()).toMatch(/listening/); // the logs were captured, so the scan covers them
  // Whole digit runs only: a PIN inside a longer number (a timestamp) is not a leak.
  const digitRuns = new Set(corpus.match(/\d+/g));
  const found = pins.filter((pin) => digitRuns.has(pin));
  expect(found).toEqual([]);
});
