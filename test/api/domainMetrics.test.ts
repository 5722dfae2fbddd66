import { execFile, execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { registerDomainMetrics } from '../../src/api/domainMetrics';
import { createMetrics } from '../../src/api/metrics';
import { DomainCounters } from '../../src/metrics/DomainCounters';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { eventually, startStack, type Stack } from '../support/stack';

/**
 * SPEC §9: /metrics carries the domain — mails by template, webhook deliveries by outcome, timer
 * lateness, outbox lag, queue depths by state, orders by state and kind — and `promtool check
 * metrics` is clean (checked when promtool is on the PATH: Debian package `prometheus`).
 */

let stack: Stack;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  stack = await startStack({ WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
  receiver = createServer((request, response) => request.resume().on('end', () => response.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function scrape(): Promise<string> {
  const response = await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample line, e.g. `portflow_orders{state="submitted",kind="us"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const promtool = (() => {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('§9: domain metrics', () => {
  it('§9: an order submitted shows in orders by state and kind, its mail by template, its webhook by outcome, queues and outbox lag', async () => {
    expect((await stack.call('POST', '/v1/webhooks', { url: receiverUrl })).status).toBe(201);
    const { id } = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body as { id: string };
    expect((await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' })).status).toBe(200);

    const text = await eventually(async () => {
      const scraped = await scrape();
      const sent = scraped.split('\n').some((l) => l.startsWith('portflow_mails_total{') && l.includes('outcome="sent"'));
      return sent && (sample(scraped, 'portflow_webhook_deliveries_total{outcome="http_204"}') ?? 0) >= 1 ? scraped : null;
    }, 20_000, 'a sent mail and a delivered webhook in /metrics');

    expect(sample(text, 'portflow_orders{state="submitted",kind="us"}')).toBe(1);
    expect(sample(text, 'portflow_orders{state="draft",kind="us"}')).toBe(0);
    expect(text).toMatch(/^portflow_mails_total\{template="[a-zA-Z0-9_.]+",outcome="sent"\} [1-9]/m);
    expect(text).toMatch(/^portflow_queue_jobs\{queue="portflow-mail",state="completed"\} \d+/m);
    expect(sample(text, 'portflow_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE portflow_timer_lateness_seconds histogram');
  }, 30_000);

  it('§9: timer lateness is a cumulative histogram of what the timer workers counted, in any process', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `test:lateness:${process.pid}:${Date.now()}`;
    try {
      const counters = new DomainCounters(redis, prefix);
      for (const seconds of [0.05, 0.3, 2, 7200]) await counters.timerLateness(seconds);
      const registry = new Registry();
      registerDomainMetrics(registry, { redis, prefix, queues: [] });
      const text = await registry.metrics();
      expect(sample(text, 'portflow_timer_lateness_seconds_bucket{le="0.1"}')).toBe(1);
      expect(sample(text, 'portflow_timer_lateness_seconds_bucket{le="0.5"}')).toBe(2);
      expect(sample(text, 'portflow_timer_lateness_seconds_bucket{le="5"}')).toBe(3);
      expect(sample(text, 'portflow_timer_lateness_seconds_bucket{le="3600"}')).toBe(3);
      expect(sample(text, 'portflow_timer_lateness_seconds_bucket{le="+Inf"}')).toBe(4);
      expect(sample(text, 'portflow_timer_lateness_seconds_count')).toBe(4);
      expect(sample(text, 'portflow_timer_lateness_seconds_sum')).toBeCloseTo(7202.35);
    } finally {
      await redis.del(`${prefix}:metrics:timer-lateness`);
      redis.disconnect();
    }
  });

  it('§9: no gauge is named …_total (prom-client’s active handles/requests/resources were)', async () => {
    const names = (await createMetrics().registry.getMetricsAsJSON()).filter((m) => String(m.type) !== 'counter').map((m) => m.name);
    expect(names.filter((name) => name.endsWith('_total'))).toEqual([]);
  });

  (promtool ? it : it.skip)('§9: promtool check metrics is clean on /metrics', async () => {
    const text = await scrape();
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
      child.stdin!.end(text);
    });
    expect(result).toEqual({ code: 0, output: '' });
  });
  if (!promtool) console.warn('§9 promtool check skipped: promtool is not on the PATH (Debian package `prometheus`)');
});
