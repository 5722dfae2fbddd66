import { DateTime } from 'luxon';
import type { Clock } from '../../src/clock/clock';

/**
 * A clock that stands still at a chosen instant, then runs at real speed from a chosen instant on.
 * The timer benchmark creates many orders "at the same moment" (so their timers fall due in the
 * same second), then lets time run so that moment's timers come due a few real seconds later.
 */
export class ShiftedClock implements Clock {
  private frozen: DateTime | null;
  private offsetMs = 0;

  constructor(start: DateTime) {
    this.frozen = start;
  }

  now(): DateTime {
    return this.frozen ?? DateTime.fromMillis(Date.now() + this.offsetMs, { zone: 'utc' });
  }

  freeze(at: DateTime): void {
    this.frozen = at;
  }

  /** From now on the clock runs, and reads `at` when the real clock reads `realMs`. */
  run(at: DateTime, realMs: number): void {
    this.frozen = null;
    this.offsetMs = at.toMillis() - realMs;
  }
}
