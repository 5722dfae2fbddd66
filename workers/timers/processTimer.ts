import { DelayedError, type Job, type Processor } from 'bullmq';
import { DateTime } from 'luxon';
import type { Clock } from '../../src/clock/clock';
import type { Engine } from '../../src/engine/Engine';
import { timerJobSchema, type TimerJob } from '../../src/queues/jobs';
import { QUEUES } from '../../src/queues/names';
import { SANDBOX_PARKED_DELAY_MS } from '../relay/dispatchOutboxEntry';
import { parseJob } from '../parseJob';

export interface TimerOutcome {
  /** False when the timer belonged to a state visit that is over (SPEC §3.6): nothing happened. */
  applied: boolean;
}

/**
 * `portflow-timers`: a due timer becomes a TIMER event on its order. A stale timer (the order left
 * the state, or the job ran twice) is ignored by the machine's visit token, so this is idempotent.
 */
export function createTimerProcessor(deps: { engine: Engine; clock: Clock; sandbox: boolean }): Processor<TimerJob, TimerOutcome> {
  return async (job: Job<TimerJob>, token?: string) => {
    const timer = parseJob(timerJobSchema, job.data, QUEUES.timers);
    if (deps.sandbox) {
      // A parked sandbox timer fires only once the sandbox clock reaches it (SPEC §5.2).
      await deps.clock.sync?.();
      if (deps.clock.now() < DateTime.fromISO(timer.dueAt)) {
        await job.moveToDelayed(Date.now() + SANDBOX_PARKED_DELAY_MS, token);
        throw new DelayedError();
      }
    }
    return deps.engine.fireTimer(timer.orderId, timer.timer, timer.visit);
  };
}
