import autocannon from 'autocannon';
import { TEST_TOKENS, type Harness } from '../test/support/harness';
import { cycleEvent, CYCLE } from './support/orderCycle';
import type { BenchResult } from './support/result';
import { repeat } from './support/stats';
import { OrderPool } from './support/orderPool';
import { startTargetProcess } from './support/targetProcess';

/**
 * Benchmark 2: `POST /v1/port-orders/:id/events` under autocannon (64 connections) against a bare
 * Fastify route doing only the baseline commit. Each connection takes an order, sends it the cycle
 * (REJECT → UPDATE → RESUBMIT) and takes the next; orders a run leaves mid-cycle are not reused.
 */
const CONNECTIONS = 64;

interface Load {
  rate: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, pathOf: (id: string) => string, pool: OrderPool, headers: Record<string, string>, seconds: number, round: number): Promise<Load> {
  const requests = CYCLE.map((_, step) => ({
    method: 'POST' as const,
    setupRequest: (request: autocannon.Request, context: Record<string, string>) => {
      if (step === 0) context.id = pool.take();
      return { ...request, path: pathOf(context.id), headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(cycleEvent(step, round)) };
    },
    onResponse: step === CYCLE.length - 1 ? (_status: number, _body: string, context: Record<string, string>) => pool.finished(context.id) : undefined,
  }));
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: requests as autocannon.Request[], initialContext: {} });
  pool.endRun();
  return { rate: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

export async function httpBench(harness: Harness, ids: readonly string[], baselinePrefix: string, runs: number, seconds: number): Promise<BenchResult> {
  const started = Date.now();
  const target = await startTargetProcess(harness, baselinePrefix);
  const portflowPool = new OrderPool(ids);
  const baselinePool = new OrderPool(ids);
  const auth = { authorization: `Bearer ${TEST_TOKENS.ops}` };
  let refused = 0;
  try {
    const figures = await repeat(runs, async (run) => {
      const round = 100 + run;
      const portflow = await load(target.portflow, (id) => `/v1/port-orders/${id}/events`, portflowPool, auth, seconds, round);
      const baseline = await load(target.baseline, (id) => `/baseline/${id}/events`, baselinePool, {}, seconds, round);
      refused += portflow.non2xx + baseline.non2xx;
      return { portflowRate: portflow.rate, baselineRate: baseline.rate, portflowP99: portflow.p99, baselineP99: baseline.p99 };
    });
    return {
      id: 'http',
      title: `2. HTTP: POST /v1/port-orders/:id/events, autocannon, ${CONNECTIONS} connections, ${seconds} s per run`,
      baseline: 'bare Fastify route doing only the baseline commit of (1)',
      rows: [
        { figure: 'requests/s', unit: 'req/s', portflow: figures.portflowRate, baseline: figures.baselineRate, goal: { op: '>=', value: 0.6 } },
        { figure: 'latency p99', unit: 'ms', portflow: figures.portflowP99, baseline: figures.baselineP99 },
      ],
      notes: [
        'Server in a child process (portflow API and the bare route side by side), autocannon in the bench process.',
        `Non-2xx or errored responses over all runs: ${refused} (orders cut mid-cycle at a run's end are retired, not reused).`,
      ],
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await target.stop();
  }
}
