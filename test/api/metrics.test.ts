import type { Redis } from 'ioredis';
import { createMetrics } from '../../src/api/metrics';
import { FakeEngine } from './support/fakeEngine';
import { bearer, startApi, testRedis, tokens } from './support/apiServer';

/** `GET /metrics`: Prometheus text with the request histogram; the engine's counters live in the same registry. */

let redis: Redis;

beforeAll(() => {
  redis = testRedis();
});

afterAll(() => redis.disconnect());

describe('GET /metrics', () => {
  it('serves the request-duration histogram by method, route pattern and status', async () => {
    const api = await startApi({ engine: new FakeEngine(), redis });
    try {
      await fetch(`${api.url}/v1/port-orders/${FakeEngine.orderId}`, { headers: bearer(tokens.viewer) });
      const response = await fetch(`${api.url}/metrics`, { headers: bearer(tokens.viewer) });
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');
      // The route pattern, not the URL with its id: one series per route.
      expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/port-orders\/:id",status="200"\} 1/);
    } finally {
      await api.close();
    }
  });

  it('counts engine transitions and commit retries in the registry it serves', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const api = await startApi({ engine: new FakeEngine(), redis, metrics });
    try {
      metrics.transition('us', 'SUBMIT', 'accepted');
      metrics.transition('us', 'SUBMIT', 'accepted');
      metrics.commitRetry();
      const text = await (await fetch(`${api.url}/metrics`, { headers: bearer(tokens.viewer) })).text();
      expect(text).toContain('portflow_transitions_total{kind="us",event="SUBMIT",outcome="accepted"} 2');
      expect(text).toContain('portflow_commit_retries_total 1');
    } finally {
      await api.close();
    }
  });

  it('two servers never share counters (one registry each)', async () => {
    const first = createMetrics({ processMetrics: false });
    const second = createMetrics({ processMetrics: false });
    first.commitRetry();
    expect(await second.registry.getSingleMetricAsString('portflow_commit_retries_total')).toContain('portflow_commit_retries_total 0');
  });

  it('process metrics are on by default', async () => {
    const metrics = createMetrics();
    expect(await metrics.registry.metrics()).toContain('process_cpu_seconds_total');
  });
});
