import type { Harness } from '../test/support/harness';
import type { BaselineStore } from './support/baseline';
import { cycleEvent, cycleMachine, cycleMachineEvent, CYCLE } from './support/orderCycle';
import type { BenchResult } from './support/result';
import { forEachConcurrently, percentile, repeat, timed } from './support/stats';

/**
 * Benchmark 1: events per second through `engine.apply()` with 64 calls in flight over the orders,
 * against the baseline transition (pure `transition()` + one compare-and-set) on the same events.
 */
const CONCURRENCY = 64;

export async function engineBench(harness: Harness, ids: readonly string[], baseline: BaselineStore, runs: number): Promise<BenchResult> {
  const started = Date.now();
  const orderCount = ids.length;
  const { engine } = harness.services;
  const machine = cycleMachine(harness);
  const actor = { id: 'bench' };

  const figures = await repeat(runs, async (run) => {
    const round = run + 3; // PO-2 is the reference the orders were created with
    const engineLatencies: number[] = [];
    let t0 = performance.now();
    await forEachConcurrently(ids, CONCURRENCY, async (id) => {
      for (let step = 0; step < CYCLE.length; step++) await timed(engineLatencies, () => engine.apply(id, cycleEvent(step, round), actor));
    });
    const engineSeconds = (performance.now() - t0) / 1000;

    const baselineLatencies: number[] = [];
    t0 = performance.now();
    await forEachConcurrently(ids, CONCURRENCY, async (id) => {
      for (let step = 0; step < CYCLE.length; step++) {
        await timed(baselineLatencies, () => baseline.apply(machine, id, (persisted, stamp) => cycleMachineEvent(cycleEvent(step, round), persisted, stamp)));
      }
    });
    const baselineSeconds = (performance.now() - t0) / 1000;
    return {
      engineRate: engineLatencies.length / engineSeconds,
      baselineRate: baselineLatencies.length / baselineSeconds,
      engineP50: percentile(engineLatencies, 50),
      engineP99: percentile(engineLatencies, 99),
      baselineP50: percentile(baselineLatencies, 50),
      baselineP99: percentile(baselineLatencies, 99),
    };
  });

  return {
    id: 'engine',
    title: `1. Engine: engine.apply(), ${orderCount} orders, concurrency ${CONCURRENCY}`,
    baseline: 'XState transition() + one Lua compare-and-set of the snapshot',
    rows: [
      { figure: 'events/s', unit: 'ev/s', portflow: figures.engineRate, baseline: figures.baselineRate, goal: { op: '>=', value: 0.8 } },
      { figure: 'latency p50', unit: 'ms', portflow: figures.engineP50, baseline: figures.baselineP50 },
      { figure: 'latency p99', unit: 'ms', portflow: figures.engineP99, baseline: figures.baselineP99 },
    ],
    notes: [`Each run sends every order REJECT → UPDATE → RESUBMIT (${orderCount * CYCLE.length} events), which returns it to submitted.`],
    seconds: (Date.now() - started) / 1000,
  };
}
