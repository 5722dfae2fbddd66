import { readFileSync } from 'node:fs';
import type { Harness } from '../../test/support/harness';
import { startBenchChild } from './benchChild';

/** The HTTP benchmarks' server process (`httpTarget.ts`): portflow's API and the bare baseline routes. */
export interface TargetProcess {
  portflow: string;
  baseline: string;
  /** The process's peak resident set so far (VmHWM), in bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

export async function startTargetProcess(harness: Harness, baselinePrefix: string, options: { withWorkers?: boolean; env?: Record<string, string> } = {}): Promise<TargetProcess> {
  const env = {
    REDIS_URL: harness.config.redisUrl,
    KEY_PREFIX: harness.config.KEY_PREFIX,
    QUEUE_PREFIX: harness.config.QUEUE_PREFIX,
    DATA_DIR: harness.config.DATA_DIR,
    ...options.env,
  };
  const child = await startBenchChild(`${__dirname}/httpTarget.ts`, {
    BENCH_HARNESS_ENV: JSON.stringify(env),
    BENCH_BASELINE_PREFIX: baselinePrefix,
    BENCH_WITH_WORKERS: options.withWorkers ? '1' : '0',
  });
  const [portflow, baseline] = child.ready;
  return {
    portflow,
    baseline,
    peakRss() {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : NaN;
    },
    stop: () => child.stop(),
  };
}
