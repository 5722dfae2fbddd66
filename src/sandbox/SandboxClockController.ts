import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import type { SandboxClock } from '../clock/SandboxClock';
import type { Engine } from '../engine/Engine';
import { ValidationError } from '../errors/ValidationError';
import { timerJobSchema, type TimerJob } from '../queues/jobs';
import type { OutboxRelay } from '../../workers/relay/OutboxRelay';
import type { SandboxTimerIndex } from '../../workers/timers/SandboxTimerIndex';

/** A rehearsal that arms timers forever (a bug) must still answer. */
const MAX_TIMERS_PER_MOVE = 100_000;

export interface ClockMove {
  now: string;
  firedTimers: number;
}

/**
 * SPEC §5.2: moving the sandbox clock fires every timer that became due, in due order, before it
 * answers. Each timer fires with the clock set to its own due time, so a 30-day jump stamps the
 * 14/7/3/1-day reminders at their own dates; timers armed by those transitions (a readiness
 * alert 60 minutes after the window opened) are fired too when they fall inside the move.
 */
export class SandboxClockController {
  private moving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      clock: SandboxClock;
      engine: Engine;
      relay: OutboxRelay;
      timerIndex: SandboxTimerIndex;
      timersQueue: Queue<TimerJob>;
    },
  ) {}

  async now(): Promise<string> {
    await this.deps.clock.sync();
    return this.deps.clock.now().toISO()!;
  }

  /** One move at a time in this process: two operators' moves must not interleave their timers. */
  moveTo(target: DateTime): Promise<ClockMove> {
    const run = this.moving.then(() => this.move(target));
    this.moving = run.catch(() => undefined);
    return run;
  }

  private async move(target: DateTime): Promise<ClockMove> {
    const { clock, relay, timerIndex, timersQueue, engine } = this.deps;
    await clock.sync();
    if (target < clock.now()) {
      throw new ValidationError([
        { path: 'now', code: 'clock_backwards', message: `the sandbox clock only moves forward (it is ${clock.now().toISO()})` },
      ]);
    }
    let firedTimers = 0;
    while (firedTimers < MAX_TIMERS_PER_MOVE) {
      // Timers armed by the last transition are in the outbox until a relay queues them.
      await relay.drain();
      const due = await timerIndex.earliestDue(target.toMillis());
      if (!due) break;
      const job = await timersQueue.getJob(due.jobId);
      const timer = timerJobSchema.safeParse(job?.data);
      if (timer.success) {
        await clock.moveTo(DateTime.fromMillis(due.dueMs, { zone: 'utc' }));
        await engine.fireTimer(timer.data.orderId, timer.data.timer, timer.data.visit);
        firedTimers++;
      }
      // Fired first, forgotten after: a process that dies in between fires it again on the next
      // move, and the machine ignores the repeat (its visit token is spent). A worker that already
      // holds the parked job finds the same.
      await job?.remove().catch(() => undefined);
      await timerIndex.remove(due.jobId);
    }
    const moved = await clock.moveTo(target);
    await relay.drain();
    return { now: moved.now.toISO()!, firedTimers };
  }
}
