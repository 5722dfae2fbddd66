import { DateTime } from 'luxon';

/** All porting rules are evaluated in this zone (SPEC §2). */
export const PORTING_ZONE = 'America/Denver';

/**
 * The one source of "now". Nothing else in portflow reads the time: the engine stamps
 * every event with `clock.now()`, and machines only see the stamp.
 */
export interface Clock {
  now(): DateTime;
  /** Clocks shared between processes (the sandbox clock, SPEC §5.2) refresh here before a decision. */
  sync?(): Promise<void>;
}

export class SystemClock implements Clock {
  now(): DateTime {
    return DateTime.utc();
  }
}

/** A clock that tests (and the in-process parts of the sandbox) move by hand. */
export class SettableClock implements Clock {
  private current: DateTime;

  constructor(start: DateTime | string) {
    this.current = typeof start === 'string' ? DateTime.fromISO(start, { zone: 'utc' }) : start.toUTC();
    if (!this.current.isValid) throw new Error(`SettableClock: invalid start ${String(start)}`);
  }

  now(): DateTime {
    return this.current;
  }

  set(to: DateTime | string): void {
    const next = typeof to === 'string' ? DateTime.fromISO(to, { zone: 'utc' }) : to.toUTC();
    if (!next.isValid) throw new Error(`SettableClock: invalid time ${String(to)}`);
    this.current = next;
  }

  advance(duration: { days?: number; hours?: number; minutes?: number; seconds?: number }): void {
    this.current = this.current.plus(duration);
  }
}
