import { DateTime } from 'luxon';
import { storeKeys } from '../../src/store/keys';
import { createHarness, TEST_TOKENS, testEnv, type Harness } from '../support/harness';
import { auditOrder, auditProblems, firedTimerNames } from '../support/orderAudit';
import { crashAll, freePort, spawnPortflow, waitForApi, waitForWorkers, type PortflowProcess } from '../support/portflowProcess';
import { startPrivateRedis, type PrivateRedis } from '../support/privateRedis';
import { portingDayFrom, rehearsalStart } from '../support/sandboxDates';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { eventually } from '../support/stack';
import { createScheduledUsOrder, inParallel, justAfterPortStart, US_PATH_TIMERS } from '../support/usPortRun';

/**
 * Issue 4 (c), §3.6 + R41: durable timers survive `kill -9` of every portflow process together with
 * a restart of Redis — once a clean SHUTDOWN (the AOF is replayed), once a `kill -9` of Redis
 * running with `appendfsync always`. Redis is a private redis-server on its own port; the test
 * process only creates orders and reads, the API and worker run as child processes.
 */
jest.setTimeout(90_000);

const ORDERS = 20;

let redis: PrivateRedis;
let smtp: SmtpSink;
let harness: Harness;
let env: NodeJS.ProcessEnv;
let apiUrl: string;
let portflow: PortflowProcess[] = [];

async function startPortflow(): Promise<void> {
  const api = spawnPortflow('api', env);
  const worker = spawnPortflow('worker', env);
  portflow = [api, worker];
  await Promise.all([waitForApi(apiUrl, api), waitForWorkers(harness.services.queues.mail, 1, worker)]);
}

async function crashPortflow(): Promise<void> {
  await Promise.all(portflow.map((child) => child.crash()));
}

/** Schedules orders on `focDay` and waits until the relay has armed every timer they asked for. */
async function scheduleOrders(focDay: DateTime): Promise<string[]> {
  const ids = await inParallel(Array.from({ length: ORDERS }, (_, i) => i), 4, () => createScheduledUsOrder(harness.services.engine, focDay));
  await eventually(async () => (await harness.services.redis.xlen(storeKeys(harness.config.KEY_PREFIX).outbox())) === 0, 20_000, 'outbox relayed');
  return ids;
}

async function moveClock(now: string): Promise<{ status: number; body: { firedTimers?: number } }> {
  const response = await fetch(`${apiUrl}/v1/sandbox/clock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' },
    body: JSON.stringify({ now }),
  });
  return { status: response.status, body: (await response.json()) as { firedTimers?: number } };
}

async function expectTimersFiredOnce(ids: string[]): Promise<void> {
  const audits = await Promise.all(ids.map((id) => auditOrder(harness.services.engine, id)));
  expect(audits.flatMap(auditProblems)).toEqual([]);
  expect(audits.filter((audit) => audit.state !== 'readinessCheck').map((audit) => `${audit.id}: ${audit.state}`)).toEqual([]);
  for (const audit of audits) {
    expect({ id: audit.id, timers: firedTimerNames(audit) }).toEqual({ id: audit.id, timers: US_PATH_TIMERS });
  }
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  smtp = await startSmtpSink();
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  env = testEnv({ REDIS_URL: redis.url, PORT: String(port), SANDBOX: '1', SMTP_URL: smtp.smtpUrl, SLOT_CAPACITY: '1000' });
  harness = createHarness({ env: env as Record<string, string> });
  await startPortflow();
  await harness.services.sandbox!.moveTo(rehearsalStart());
});

afterAll(async () => {
  await crashAll();
  await harness?.close();
  await smtp?.close();
  await redis?.destroy();
});

it('§3.6/R41: timers armed before kill -9 of every process and a Redis SHUTDOWN + AOF restart fire once each', async () => {
  const focDay = portingDayFrom(rehearsalStart().plus({ days: 7 }));
  const ids = await scheduleOrders(focDay);

  await crashPortflow();
  await redis.shutdown();
  await redis.start({ appendfsync: 'always' });
  await startPortflow();

  const moved = await moveClock(justAfterPortStart(focDay));
  expect([moved.status, moved.body.firedTimers]).toEqual([200, ORDERS * US_PATH_TIMERS.length]);
  await expectTimersFiredOnce(ids);
});

it('§3.6/R41: with appendfsync always, timers survive kill -9 of Redis and of every process', async () => {
  const focDay = portingDayFrom(rehearsalStart().plus({ days: 14 }));
  const ids = await scheduleOrders(focDay);

  await crashPortflow();
  await redis.crash();
  await redis.start({ appendfsync: 'always' });
  await startPortflow();

  const moved = await moveClock(justAfterPortStart(focDay));
  // Also due on the way: the first test's orders' readiness alerts (R35, 60 min after their window opened).
  expect([moved.status, moved.body.firedTimers]).toEqual([200, ORDERS * US_PATH_TIMERS.length + ORDERS]);
  await expectTimersFiredOnce(ids);
});
