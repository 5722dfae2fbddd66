import { storeKeys } from '../src/store/keys';
import { createHarness, testEnv } from '../test/support/harness';
import { usOrderInput } from '../test/support/orderInputs';
import { crashAll, freePort, spawnPortflow, waitForApi, waitForWorkers } from '../test/support/portflowProcess';
import { retryingOpsClient } from '../test/support/retryingOpsClient';
import { portingDayFrom, rehearsalStart } from '../test/support/sandboxDates';
import { startSmtpSink } from '../test/support/smtpSink';
import { inParallel, justAfterPortStart, portStartOn, US_PATH_NOTICES } from '../test/support/usPortRun';
import type { BenchResult, Row } from './support/result';
import { repeat } from './support/stats';

/**
 * R82: US lifecycles through one `portflow api` with 1 and 2 `portflow worker` processes on one
 * Redis, all as real processes (as `docker compose up --scale worker=N` runs them). Clients drive
 * the orders over HTTP; a run ends when every order is completed and every notice reached the SMTP
 * server, so the relay, the mail, timer and test-call workers are all on the clock.
 */
const WORKER_COUNTS = [1, 2] as const;
const CONCURRENCY = 32;
const START_TIMEOUT_MS = 120_000;

async function scaleOutRun(redisUrl: string, workers: number, count: number): Promise<{ ordersPerMinute: number }> {
  const smtp = await startSmtpSink();
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = testEnv({ REDIS_URL: redisUrl, PORT: String(port), SANDBOX: '1', SMTP_URL: smtp.smtpUrl, TEST_CALL_PROVIDER: 'simulated', SLOT_CAPACITY: '1000', LOG_LEVEL: 'warn' });
  const harness = createHarness({ env: env as Record<string, string> });
  try {
    const api = spawnPortflow('api', env);
    const workerProcesses = Array.from({ length: workers }, () => spawnPortflow('worker', env));
    // Generous: the children compile the sources at start (tsx), slow on a busy machine.
    await waitForApi(apiUrl, api, START_TIMEOUT_MS);
    await waitForWorkers(harness.services.queues.mail, workers, workerProcesses[0], START_TIMEOUT_MS);
    const client = retryingOpsClient(apiUrl);
    const clockStart = rehearsalStart();
    await client.call('POST', '/v1/sandbox/clock', { now: clockStart.toUTC().toISO() });
    const focDay = portingDayFrom(clockStart.plus({ days: 7 }));

    const started = performance.now();
    const ids = await inParallel(Array.from({ length: count }), CONCURRENCY, async () => {
      const { id } = await client.call('POST', '/v1/port-orders', { ...usOrderInput(), requestedFocDate: focDay.toISODate() });
      await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' });
      await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'CONFIRM_FOC', focDate: focDay.toISODate() });
      await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'SCHEDULE', startAt: portStartOn(focDay) });
      return id as string;
    });
    await client.call('POST', '/v1/sandbox/clock', { now: justAfterPortStart(focDay) });
    await inParallel(ids, CONCURRENCY, async (id) => {
      await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
      await client.call('POST', `/v1/port-orders/${id}/events`, { type: 'PORT_COMPLETED' });
    });
    const completed = storeKeys(harness.config.KEY_PREFIX).ordersByState('completed');
    const deadline = Date.now() + 10 * 60_000;
    while ((await harness.services.redis.zcard(completed)) < count || smtp.received.length < count * US_PATH_NOTICES.length) {
      if (Date.now() > deadline) throw new Error(`scale-out bench (${workers} workers): orders or notices missing after 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    return { ordersPerMinute: count / (seconds / 60) };
  } finally {
    await crashAll();
    await harness.close();
    await smtp.close();
  }
}

export async function scaleOutBench(redisUrl: string, count: number, runs: number): Promise<BenchResult> {
  const started = Date.now();
  const repeatRuns = (workers: number) => repeat(runs, () => scaleOutRun(redisUrl, workers, count));
  const byWorkers = new Map<number, Awaited<ReturnType<typeof repeatRuns>>>();
  for (const workers of WORKER_COUNTS) byWorkers.set(workers, await repeatRuns(workers));
  const one = byWorkers.get(1)!;
  const rows: Row[] = WORKER_COUNTS.map((workers) => ({
    figure: `orders/min, ${workers} worker${workers > 1 ? 's' : ''}`,
    unit: 'orders/min',
    portflow: byWorkers.get(workers)!.ordersPerMinute,
    baseline: one.ordersPerMinute,
    baselineLabel: '1 worker',
  }));
  return {
    id: 'workers',
    title: `8. Scale-out (R82): ${count} US orders draft → completed through one API with ${WORKER_COUNTS.join(' and ')} worker processes`,
    baseline: 'the same run with 1 worker process (ratio = speed-up)',
    rows,
    notes: [
      `Every process is a real \`portflow api\` / \`portflow worker\` child on one private Redis; ${CONCURRENCY} HTTP clients; a run ends when every order is completed and all ${US_PATH_NOTICES.length} notices per order reached the SMTP server.`,
      'What bounds it: docs/performance.md, "Scale-out (R82)".',
    ],
    seconds: (Date.now() - started) / 1000,
  };
}
