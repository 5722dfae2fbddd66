import { DateTime } from 'luxon';
import type { CheckOptions, CalendarRefusalCode } from './types';
import { DENVER, type DenverWallClock } from './portingZone';

/**
 * The rules of the calendar check (SPEC §2.3), one named function each, in precedence order:
 * the first rule that refuses decides the answer. Everything a rule needs about the start time
 * is computed once into a `PortStart`, so each rule is a couple of comparisons.
 */

/** The facts of one requested start. */
export interface PortStart {
  startMs: number;
  asOfMs: number;
  /** `options.windowEnd` as epoch ms, Infinity when there is no window. */
  windowEndMs: number;
  /** The start on the Denver wall clock. */
  wall: DenverWallClock;
  onGrid: boolean;
  /** R14: a business day other than Monday, starting 07:00–15:15. */
  standardHours: boolean;
}

export interface PortStartRefusal {
  code: CalendarRefusalCode;
  reason: string;
}

export type PortStartRule = (start: PortStart, options: CheckOptions, slotCapacity: number) => PortStartRefusal | null;

const MONDAY = 1;
const FRIDAY = 5;
const LATE_FRIDAY_FROM_SECOND = 16 * 3600;
const OFF_HOURS_NOTICE_MS = 48 * 3600 * 1000;

/** Only formatted for refusals, so the happy path never pays for it. */
function denverText(ms: number): string {
  return DateTime.fromMillis(ms, { zone: DENVER }).toFormat("yyyy-MM-dd HH:mm 'Mountain Time'");
}

/** R18 */
export function notInPast(start: PortStart): PortStartRefusal | null {
  if (start.startMs >= start.asOfMs) return null;
  return { code: 'in_past', reason: `The start ${start.wall.iso} is in the past; choose a time after ${denverText(start.asOfMs)}.` };
}

/** R18: no port before 00:00 local of the FOC date. */
export function notBeforeFoc(start: PortStart, options: CheckOptions): PortStartRefusal | null {
  if (!options.focDate || start.wall.date >= options.focDate) return null;
  return { code: 'before_foc', reason: `The start is before the FOC date ${options.focDate}; choose a time on or after that date.` };
}

/** R18, R31: no toll-free port after the end of the 30-day window. */
export function notAfterWindow(start: PortStart, options: CheckOptions): PortStartRefusal | null {
  if (start.startMs <= start.windowEndMs) return null;
  return {
    code: 'after_window',
    reason: `The start is after the end of the toll-free window (${options.windowEnd}); choose an earlier time or the numbers may be dropped.`,
  };
}

/** R15: Mondays are blocked, standard or off-hours, holiday or not. */
export function notOnMonday(start: PortStart): PortStartRefusal | null {
  if (start.wall.weekday !== MONDAY) return null;
  return { code: 'monday_blocked', reason: 'Mondays are blocked for porting; choose Tuesday to Friday, or a weekend off-hours slot.' };
}

/** R16: a time outside standard hours is an off-hours port, which must be asked for. */
export function offHoursRequested(start: PortStart, options: CheckOptions): PortStartRefusal | null {
  if (start.standardHours || options.offHours) return null;
  return {
    code: 'outside_porting_hours',
    reason:
      'The start is outside standard porting hours (business days, starts 07:00–15:15 Mountain Time); ' +
      'choose a standard slot or request an off-hours port (offHours: true, off-hours fee applies).',
  };
}

/** R16: an off-hours port needs 48 hours of notice (exactly 48 hours is enough). */
export function enoughOffHoursNotice(start: PortStart): PortStartRefusal | null {
  if (start.standardHours || start.startMs - start.asOfMs >= OFF_HOURS_NOTICE_MS) return null;
  return {
    code: 'insufficient_notice',
    reason: `Off-hours ports must be requested at least 48 hours ahead; choose a start at or after ${denverText(start.asOfMs + OFF_HOURS_NOTICE_MS)}.`,
  };
}

/** R17: Friday at or after 16:00 local. */
export function isLateFriday(start: PortStart): boolean {
  return start.wall.weekday === FRIDAY && start.wall.secondOfDay >= LATE_FRIDAY_FROM_SECOND;
}

/** R17: a late-Friday port is refused unless the risk is acknowledged. */
export function lateFridayAcknowledged(start: PortStart, options: CheckOptions): PortStartRefusal | null {
  if (!isLateFriday(start) || options.acknowledgeRisk) return null;
  return {
    code: 'friday_late_not_recommended',
    reason:
      'Ports starting on a Friday at or after 16:00 Mountain Time are not recommended (no support if it goes wrong); ' +
      'choose an earlier time or acknowledge the risk (acknowledgeRisk: true).',
  };
}

/** R20 */
export function onSlotGrid(start: PortStart): PortStartRefusal | null {
  if (start.onGrid) return null;
  return { code: 'off_grid', reason: 'Ports start on the 15-minute grid (:00, :15, :30, :45, zero seconds); choose a time on the grid.' };
}

/** R19: only checked when the caller says how many ports the slot already holds. */
export function slotHasRoom(_start: PortStart, options: CheckOptions, slotCapacity: number): PortStartRefusal | null {
  if (options.bookedInSlot === undefined || options.bookedInSlot < slotCapacity) return null;
  return {
    code: 'slot_full',
    reason: `This 15-minute slot already holds ${options.bookedInSlot} of ${slotCapacity} coordinated ports; choose another slot.`,
  };
}

/** In the precedence order of `calendarCodes`. */
export const portStartRules: readonly PortStartRule[] = [
  notInPast,
  notBeforeFoc,
  notAfterWindow,
  notOnMonday,
  offHoursRequested,
  enoughOffHoursNotice,
  lateFridayAcknowledged,
  onSlotGrid,
  slotHasRoom,
];

export function firstRefusal(start: PortStart, options: CheckOptions, slotCapacity: number): PortStartRefusal | null {
  for (const rule of portStartRules) {
    const refusal = rule(start, options, slotCapacity);
    if (refusal) return refusal;
  }
  return null;
}
