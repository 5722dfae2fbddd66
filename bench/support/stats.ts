/** Small statistics for the benchmark table: percentiles of samples, and the spread of repeated runs. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** The median and the range of one figure over the repeated runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** The middle value; of an even number of values, the mean of the middle two (of 2 runs, not the lower). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(runs: readonly number[]): Spread {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

/** Runs `task` `times` times and collects each named figure across the runs. */
export async function repeat<F extends string>(times: number, task: (run: number) => Promise<Record<F, number>>): Promise<Record<F, Spread>> {
  const collected = new Map<F, number[]>();
  for (let run = 0; run < times; run++) {
    const figures = await task(run);
    for (const [name, value] of Object.entries(figures) as [F, number][]) {
      collected.set(name, [...(collected.get(name) ?? []), value]);
    }
  }
  return Object.fromEntries([...collected].map(([name, values]) => [name, spread(values)])) as Record<F, Spread>;
}

/** Runs `work(item)` over every item with at most `concurrency` calls in flight. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/** Awaits `call` and appends its latency (ms) to `latencies`. */
export async function timed<T>(latencies: number[], call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await call();
  latencies.push(performance.now() - started);
  return result;
}
