import { createInterface } from 'node:readline';
import { DateTime } from 'luxon';
import pino from 'pino';
import { QUEUES } from '../../src/queues/names';
import { createHarness } from '../../test/support/harness';
import { startWorkers } from '../../workers/startWorkers';
import { ShiftedClock } from './shiftedClock';

/**
 * The timer benchmark's second worker process: every worker and the relay (startWorkers, as
 * `portflow worker` runs them) on the parent's harness and with the parent's running clock. It
 * prints `READY` once loaded (compiling the sources takes seconds of CPU, which must not overlap
 * the measured run), then waits for `CLOCK <instant> <real ms>` on stdin (the clock reads that
 * instant when the real clock reads those ms), starts the workers and prints `STARTED`, then
 * `fired <completed ms> <queued ms>` per timer job it completes; the parent computes the lateness.
 */
async function main(): Promise<void> {
  const env = JSON.parse(process.env.BENCH_HARNESS_ENV ?? '{}') as Record<string, string>;
  const clock = new ShiftedClock(DateTime.utc());
  const harness = createHarness({ env, clock });
  process.stdout.write('READY\n');
  const input = createInterface({ input: process.stdin });
  const [, at, realMs] = (await new Promise<string>((resolve) => input.once('line', resolve))).split(' ');
  clock.run(DateTime.fromISO(at, { zone: 'utc' }), Number(realMs));
  const workers = startWorkers(harness.services, pino({ level: 'silent' }));
  const timerWorker = workers.workers.find((worker) => worker.name === QUEUES.timers)!;
  timerWorker.on('completed', (job) => process.stdout.write(`fired ${Date.now()} ${job.timestamp}\n`));
  await Promise.all(workers.workers.map((worker) => worker.waitUntilReady()));
  process.stdout.write('STARTED\n');

  process.once('SIGTERM', () => {
    // Only the connections close: the keys belong to the parent's harness, which deletes them.
    void workers
      .close()
      .then(() => harness.services.close())
      .finally(() => process.exit(0));
  });
}

void main();
