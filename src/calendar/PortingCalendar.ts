import { DateTime } from 'luxon';
import type { Config } from '../config/config';
import { CalendarInputError } from './CalendarInputError';
import { ClosedDays } from './holidays';
import { firstRefusal, isLateFriday, type PortStart } from './portStartRules';
import { DENVER, ISO_DATE, denverMidnight, denverOffsetMinutes, denverWallClock, denverWallToUtcMs } from './portingZone';
import { computeSla } from './sla';
import { slotKeyAt } from './slotKey';
import type { Calendar, CalendarAnswer, CalendarSettings, CheckOptions, OpenSlot, Sla, SlaInput } from './types';

const MONDAY = 1;
const FRIDAY = 5;
/** `Date#getUTCDay` numbering. */
const SUNDAY = 0;
const SATURDAY = 6;
const DAY_MS = 86_400_000;
const SLA_MEMO_SIZE = 10_000;
const FIRST_STANDARD_START_SECOND = 7 * 3600; // R14: 07:00
const LAST_STANDARD_START_SECOND = 15 * 3600 + 15 * 60; // R14: a 15-minute port must end by 15:30
const SLOT_MINUTES = 15;

const SLOT_MS = SLOT_MINUTES * 60_000;
const STANDARD_SLOTS_PER_DAY = (LAST_STANDARD_START_SECOND - FIRST_STANDARD_START_SECOND) / (SLOT_MINUTES * 60) + 1;

const LATE_FRIDAY_WARNING =
  'Friday port at or after 16:00 Mountain Time: not recommended, no support if it goes wrong (risk acknowledged).';

export function calendarSettingsFromConfig(
  config: Pick<Config, 'EXTRA_CLOSED_DAYS' | 'SLOT_CAPACITY' | 'INTERNATIONAL_LEAD_TIMES' | 'DEFAULT_INTERNATIONAL_LEAD_DAYS'>,
): CalendarSettings {
  return {
    extraClosedDays: config.EXTRA_CLOSED_DAYS,
    slotCapacity: config.SLOT_CAPACITY,
    internationalLeadTimes: config.INTERNATIONAL_LEAD_TIMES,
    defaultInternationalLeadDays: config.DEFAULT_INTERNATIONAL_LEAD_DAYS,
  };
}

function requireValid(at: DateTime, field: string): void {
  if (!at.isValid) throw new CalendarInputError(field, `invalid DateTime (${at.invalidReason ?? 'unknown reason'})`);
}

/** The porting calendar of SPEC §2: pure, no clock, no I/O; every rule is evaluated in America/Denver. */
export class PortingCalendar implements Calendar {
  private readonly closedDays: ClosedDays;
  private readonly slaMemo = new Map<string, Sla>();

  constructor(readonly settings: CalendarSettings) {
    this.closedDays = new ClosedDays(settings.extraClosedDays);
  }

  /** R13, on the Denver date of `date`. */
  isBusinessDay(date: DateTime): boolean {
    requireValid(date, 'date');
    return this.isBusinessDate(denverWallClock(date.toMillis()).date);
  }

  /** R13 on a real calendar date, YYYY-MM-DD (see `isCalendarDate`). */
  isBusinessDate(isoDate: string): boolean {
    const day = new Date(`${isoDate}T00:00:00Z`);
    const weekday = day.getUTCDay();
    return weekday !== SUNDAY && weekday !== SATURDAY && !this.closedDays.isClosed(day.getUTCFullYear(), isoDate);
  }

  addBusinessDays(from: DateTime, n: number): DateTime {
    requireValid(from, 'from');
    return DateTime.fromMillis(this.addBusinessDaysMs(from.toMillis(), n), { zone: DENVER });
  }

  /**
   * `addBusinessDays` on epoch ms. The machines arm a business-day timer on most events, so this
   * counts on plain calendar dates (a UTC day cursor over the Denver date) and converts between
   * zones with the cached offset, never through Luxon (~25 µs per call in the engine profile).
   */
  addBusinessDaysMs(fromMs: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new CalendarInputError('n', `expected a whole number ≥ 0, got ${n}`);
    const offset = denverOffsetMinutes(fromMs);
    // An instant whose UTC fields are Denver's wall clock: its UTC date is the Denver date.
    const wallMs = fromMs + offset * 60_000;
    const timeOfDayMs = ((wallMs % DAY_MS) + DAY_MS) % DAY_MS;
    let cursor = wallMs - timeOfDayMs;
    for (let counted = 0; counted < n; ) {
      cursor += DAY_MS;
      const date = new Date(cursor);
      const weekday = date.getUTCDay();
      if (weekday === SUNDAY || weekday === SATURDAY) continue;
      if (!this.closedDays.isClosed(date.getUTCFullYear(), date.toISOString().slice(0, 10))) counted += 1;
    }
    // The same local time of day on the target date, across a DST change.
    return denverWallToUtcMs(cursor + timeOfDayMs, offset);
  }

  checkPortStart(startAt: DateTime, options: CheckOptions): CalendarAnswer {
    const start = this.describe(startAt, options);
    // The fee is a property of the slot (off-hours, and Mondays are never worked), shown on refusals too.
    const offHoursFee = !start.standardHours && start.wall.weekday !== MONDAY;
    const refusal = firstRefusal(start, options, this.settings.slotCapacity);
    if (refusal) {
      return { allowed: false, ...refusal, standardHours: start.standardHours, offHoursFee, warnings: [], local: start.wall.iso };
    }
    return {
      allowed: true,
      code: 'ok',
      reason: start.standardHours ? 'Standard porting hours.' : 'Off-hours port: the off-hours fee applies.',
      standardHours: start.standardHours,
      offHoursFee,
      warnings: isLateFriday(start) ? [LATE_FRIDAY_WARNING] : [],
      local: start.wall.iso,
    };
  }

  openSlots(fromDate: string, days: number, booked: ReadonlyMap<string, number>, asOf: DateTime): OpenSlot[] {
    if (!Number.isInteger(days) || days < 0) throw new CalendarInputError('days', `expected a whole number ≥ 0, got ${days}`);
    requireValid(asOf, 'asOf');
    const asOfMs = asOf.toMillis();
    const first = denverMidnight(fromDate, 'fromDate');
    const slots: OpenSlot[] = [];
    for (let i = 0; i < days; i += 1) {
      const day = first.plus({ days: i });
      if (day.weekday === MONDAY || !this.isBusinessDay(day)) continue;
      // DST changes happen at 02:00, so the offset is the same for the whole 07:00–15:15 run of slots.
      const firstSlotMs = day.set({ hour: FIRST_STANDARD_START_SECOND / 3600 }).toMillis();
      for (let slot = 0; slot < STANDARD_SLOTS_PER_DAY; slot += 1) {
        const slotMs = firstSlotMs + slot * SLOT_MS;
        if (slotMs < asOfMs) continue;
        const startAt = slotKeyAt(slotMs);
        const remaining = this.settings.slotCapacity - (booked.get(startAt) ?? 0);
        if (remaining > 0) slots.push({ startAt, local: denverWallClock(slotMs).iso, remaining });
      }
    }
    return slots;
  }

  /**
   * Memoised: every order view shows the SLA, and its inputs only change on SUBMIT, RESUBMIT and
   * RELEASE, so most events of an order ask the same question again. Bounded: cleared when full.
   */
  sla(input: SlaInput): Sla {
    const key = `${input.kind}|${input.project}|${input.country}|${input.submittedAt}|${input.requestedFocDate ?? ''}|${input.releasedAt ?? ''}`;
    let sla = this.slaMemo.get(key);
    if (!sla) {
      if (this.slaMemo.size >= SLA_MEMO_SIZE) this.slaMemo.clear();
      sla = computeSla(input, this);
      this.slaMemo.set(key, sla);
    }
    return sla;
  }

  /** The facts every rule needs, computed once per check. */
  private describe(startAt: DateTime, { asOf, focDate, windowEnd }: CheckOptions): PortStart {
    requireValid(startAt, 'startAt');
    requireValid(asOf, 'asOf');
    // The FOC rule compares YYYY-MM-DD strings, so a malformed date must not slip through.
    if (focDate && !ISO_DATE.test(focDate)) throw new CalendarInputError('focDate', `expected YYYY-MM-DD, got ${JSON.stringify(focDate)}`);
    const windowEndMs = windowEnd ? Date.parse(windowEnd) : Infinity;
    if (Number.isNaN(windowEndMs)) throw new CalendarInputError('windowEnd', `expected an ISO-8601 timestamp, got ${JSON.stringify(windowEnd)}`);
    const startMs = startAt.toMillis();
    const wall = denverWallClock(startMs);
    const standardHours =
      wall.weekday !== MONDAY &&
      wall.weekday <= FRIDAY &&
      wall.secondOfDay >= FIRST_STANDARD_START_SECOND &&
      wall.secondOfDay <= LAST_STANDARD_START_SECOND &&
      !this.closedDays.isClosed(wall.year, wall.date);
    return {
      startMs,
      asOfMs: asOf.toMillis(),
      windowEndMs,
      wall,
      onGrid: wall.minute % SLOT_MINUTES === 0 && wall.second === 0 && wall.millisecond === 0,
      standardHours,
    };
  }
}
