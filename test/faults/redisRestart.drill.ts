import { storeKeys } from '../../src/store/keys';
import { createHarness, testEnv, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { auditProblems, firedTimerNames, type OrderAudit } from '../support/orderAudit';
import { crashAll, freePort, spawnPortflow, waitForApi, waitForWorkers, type PortflowProcess } from '../support/portflowProcess';
import { startPrivateRedis, type PrivateRedis } from '../support/privateRedis';
import { noticeEntriesByOrder } from '../support/receivedMail';
import { retryingOpsClient, type RetryingOpsClient } from '../support/retryingOpsClient';
import { portingDayFrom, rehearsalStart } from '../support/sandboxDates';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { inParallel, justAfterPortStart, portStartOn, settleUsRun, US_PATH_NOTICES, US_PATH_TIMERS } from '../support/usPortRun';

/**
 * Issue 5, drill 2: Redis goes away in the middle of a 100-order US lifecycle and comes back on the
 * same port and data dir — once by `kill -9` (only the AOF, fsynced on every write, survives),
 * once by a clean SHUTDOWN. `portflow api` and `portflow worker` run as child processes and are
 * never restarted: they must reconnect by themselves (ioredis, BullMQ, the relay's blocking read,
 * the commit script reloaded after NOSCRIPT). Clients retry with an Idempotency-Key (R40).
 * Afterwards: every order completed, histories gap-free, each notice and timer once.
 */
const ORDERS = 100;
/** Redis is killed when this many orders have started their first phase, shut down cleanly at this many of the second. */
const CRASH_AT = 40;
const SHUTDOWN_AT = 50;
/**
 * How long Redis stays away each time: long enough for every connection to notice and go through
 * several reconnect attempts, while the API holds the requests that arrive (ioredis' offline queue).
 */
const DOWN_MS = { crash: 8_000, shutdown: 3_000 };
const DRILL_DEADLINE_MS = 3 * 60_000;

let redis: PrivateRedis;
let smtp: SmtpSink;
let harness: Harness;
let client: RetryingOpsClient;
let api: PortflowProcess;
let worker: PortflowProcess;
let orderIds: string[] = [];
let audits: OrderAudit[] = [];
const figures = { outagesMs: [] as number[], mails: 0, repeatedMessageIds: 0, seconds: 0 };

/** Takes Redis away (as `how` says) and starts it again on the same port and dir; records how long it was gone. */
async function restartRedis(how: 'crash' | 'shutdown'): Promise<void> {
  const began = Date.now();
  await (how === 'crash' ? redis.crash() : redis.shutdown());
  await new Promise((resolve) => setTimeout(resolve, DOWN_MS[how]));
  await redis.start({ appendfsync: 'always' });
  figures.outagesMs.push(Date.now() - began);
}

beforeAll(async () => {
  const began = Date.now();
  redis = await startPrivateRedis({ appendfsync: 'always' });
  smtp = await startSmtpSink();
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = testEnv({ REDIS_URL: redis.url, PORT: String(port), SANDBOX: '1', SMTP_URL: smtp.smtpUrl, TEST_CALL_PROVIDER: 'simulated', SLOT_CAPACITY: '1000' });
  harness = createHarness({ env: env as Record<string, string> });
  // The test's own queue handles (used only to read) see the outages too; their reconnects are not news.
  for (const queue of harness.services.queues.all()) queue.on('error', () => undefined);
  client = retryingOpsClient(apiUrl);
  api = spawnPortflow('api', env);
  worker = spawnPortflow('worker', env);
  await Promise.all([waitForApi(apiUrl, api), waitForWorkers(harness.services.queues.mail, 1, worker)]);

  const clockStart = rehearsalStart();
  await client.call('POST', '/v1/sandbox/clock', { now: clockStart.toUTC().toISO() });
  const focDay = portingDayFrom(clockStart.plus({ days: 7 }));

  let crashed: Promise<void> = Promise.resolve();
  orderIds = await inParallel(Array.from({ length: ORDERS }, (_, i) => i), 8, async (index) => {
    if (index === CRASH_AT) crashed = restartRedis('crash');
    const { id } = await client.call('POST', '/v1/port-orders', { ...usOrderInput(), requestedFocDate: focDay.toISODate() });
    await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' });
    await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'CONFIRM_FOC', focDate: focDay.toISODate() });
    await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'SCHEDULE', startAt: portStartOn(focDay) });
    return id as string;
  });
  await crashed;

  await client.call('POST', '/v1/sandbox/clock', { now: justAfterPortStart(focDay) });
  let shutDown: Promise<void> = Promise.resolve();
  await inParallel(orderIds, 8, async (id, index) => {
    if (index === SHUTDOWN_AT) shutDown = restartRedis('shutdown');
    await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
    await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'PORT_COMPLETED' });
  });
  await shutDown;

  const settled = await settleUsRun(harness, smtp, orderIds, Math.max(30_000, DRILL_DEADLINE_MS - (Date.now() - began)));
  audits = settled.audits;
  figures.mails = settled.mails;
  figures.repeatedMessageIds = settled.repeatedMessageIds;
  figures.seconds = Math.round((Date.now() - began) / 1000);
  const requests = { accepted: client.accepted, retries: client.retries, serverErrors: client.serverErrors, slowestMs: client.slowestMs };
  process.stdout.write(`redisRestart figures: ${JSON.stringify({ ...figures, requests })}\n`);
}, DRILL_DEADLINE_MS + 60_000);

afterAll(async () => {
  await crashAll();
  await harness?.close();
  await smtp?.close();
  await redis?.destroy();
});

it('R41: Redis went away twice (kill -9, SHUTDOWN) and the same API and worker processes carried on', () => {
  expect(figures.outagesMs).toHaveLength(2);
  // No process was restarted: the two children started at the beginning are the ones still running.
  expect([api.alive(), worker.alive()]).toEqual([true, true]);
});

it('R38/R39: every order completed, each history gap-free and as long as its version', () => {
  expect(audits).toHaveLength(ORDERS);
  expect(audits.filter((audit) => audit.state !== 'completed').map((audit) => `${audit.id}: ${audit.state}`)).toEqual([]);
  expect(audits.flatMap(auditProblems)).toEqual([]);
});

it('§3.6: each timer fired into exactly one transition', () => {
  const wrong = audits.filter((audit) => firedTimerNames(audit).join() !== US_PATH_TIMERS.join());
  expect(wrong.map((audit) => `${audit.id}: ${audit.timersFired.join(', ')}`)).toEqual([]);
});

it('R41: every notice arrived once by Message-ID; the outbox is empty', async () => {
  const entries = noticeEntriesByOrder(smtp.received);
  const wrong = orderIds.filter((id) => (entries.get(id) ?? []).join() !== US_PATH_NOTICES.join());
  expect(wrong.map((id) => `${id}: ${(entries.get(id) ?? []).join(' ')}`)).toEqual([]);
  // The sent-record is written after the SMTP server took the message (src/mail/Mailer.ts); Redis dying in
  // between repeats that mail with the same Message-ID — at most the mail worker's concurrency (8) per outage.
  expect(figures.repeatedMessageIds).toBeLessThanOrEqual(8 * figures.outagesMs.length);
  expect(await harness.services.redis.xlen(storeKeys(harness.config.KEY_PREFIX).outbox())).toBe(0);
});
