import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineMetrics } from '../engine/Engine';

/**
 * The Prometheus metrics of one portflow process. Each call builds its own registry, so two servers
 * in one test run never share counters; `main` builds one and hands it to the engine (which counts
 * transitions and commit retries through `EngineMetrics`) and to `buildServer` (which times requests
 * and serves the registry at `/metrics`).
 */
export interface PortflowMetrics extends EngineMetrics {
  readonly registry: Registry;
  /** Labelled by route pattern (not the raw URL) so ids do not explode the label set. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag…). Off in tests that build many servers. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): PortflowMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectProcessMetrics(registry);

  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'portflow_transitions_total',
    help: 'Order transitions attempted, by order kind, event type and outcome (accepted or the refusal code)',
    labelNames: ['kind', 'event', 'outcome'] as const,
    registers: [registry],
  });
  const commitRetries = new Counter({
    name: 'portflow_commit_retries_total',
    help: 'Transitions recomputed because the order changed between load and commit (R39)',
    registers: [registry],
  });

  return {
    registry,
    httpRequestDuration,
    transition: (kind, event, outcome) => transitions.inc({ kind, event, outcome }),
    commitRetry: () => commitRetries.inc(),
  };
}

/**
 * prom-client's default metrics, but for three gauges named `…_total` (active handles, requests,
 * resources): Prometheus keeps that suffix for counters, and `promtool check metrics` fails on them
 * (exit 3). Their information stays in `nodejs_active_handles`, `nodejs_active_requests` and
 * `nodejs_active_resources` (by type), which prom-client exports beside them.
 */
function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
    registry.removeSingleMetric(name);
  }
}
