import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Harness } from '../../test/support/harness';

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
  // The bench's own node flags (tsx's loader; --cpu-prof when profiling) apply to the server too.
  const child = spawn(process.execPath, [...process.execArgv, `${__dirname}/httpTarget.ts`], {
    env: {
      ...process.env,
      BENCH_HARNESS_ENV: JSON.stringify(env),
      BENCH_BASELINE_PREFIX: baselinePrefix,
      BENCH_WITH_WORKERS: options.withWorkers ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for await (const line of createInterface({ input: child.stdout! })) {
    const [word, portflow, baseline] = line.split(' ');
    if (word === 'READY') {
      return {
        portflow,
        baseline,
        peakRss() {
          const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          return match ? Number(match[1]) * 1024 : NaN;
        },
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
  }
  throw new Error('the HTTP benchmark server exited before it was ready');
}
