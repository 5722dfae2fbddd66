import type { DateTime } from 'luxon';
import type { LeadTime } from '../config/config';
import type { OrderKind } from '../orders/orderInput';

/** Codes of the calendar check, in precedence order: when several apply, the first wins (SPEC §2.3). */
export const calendarCodes = [
  'in_past',
  'before_foc',
  'after_window',
  'monday_blocked',
  'outside_porting_hours',
  'insufficient_notice',
  'friday_late_not_recommended',
  'off_grid',
  'slot_full',
] as const;
export type CalendarRefusalCode = (typeof calendarCodes)[number];
export type CalendarCode = 'ok' | CalendarRefusalCode;

export interface CheckOptions {
  /** The request asks for an off-hours port (R16). */
  offHours?: boolean;
  /** The request accepts the late-Friday risk (R17). */
  acknowledgeRisk?: boolean;
  /** FOC date (YYYY-MM-DD, Denver): no port before 00:00 local of that day (R18). */
  focDate?: string | null;
  /** Toll-free window end (UTC ISO): no port after it (R18, R31). */
  windowEnd?: string | null;
  /** "Now" for the past and 48-hour checks. Required: the calendar never reads a clock. */
  asOf: DateTime;
  /** Coordinated ports already booked in this slot; with `slotCapacity` decides `slot_full` (R19). Omit to skip. */
  bookedInSlot?: number;
}

/** The answer of SPEC §2.3. */
export interface CalendarAnswer {
  allowed: boolean;
  code: CalendarCode;
  reason: string;
  standardHours: boolean;
  offHoursFee: boolean;
  warnings: string[];
  /** `startAt` in America/Denver, ISO with offset. */
  local: string;
}

export interface OpenSlot {
  startAt: string; // UTC ISO
  local: string; // America/Denver ISO with offset
  remaining: number;
}

export interface SlaInput {
  kind: OrderKind;
  project: boolean;
  country: string;
  /** The latest submission (UTC ISO); each rejection restarts the clock at resubmission (R21). */
  submittedAt: string;
  requestedFocDate?: string | null;
  /** Toll-free: when the numbers were released (R23). */
  releasedAt?: string | null;
}

/** Due dates in UTC with their local (Denver) dates (SPEC §2.4). */
export interface Sla {
  responseDueBy: { at: string; localDate: string } | null;
  completionTargetBy: { at: string; localDate: string } | null;
  completionLatestBy: { at: string; localDate: string } | null;
}

export interface CalendarSettings {
  /** Extra closed days (carrier holidays, freeze days), YYYY-MM-DD. */
  extraClosedDays: string[];
  slotCapacity: number;
  internationalLeadTimes: Record<string, LeadTime>;
  defaultInternationalLeadDays: number;
}

/** The porting calendar: pure, no clock, no I/O (SPEC §2). Implemented by `PortingCalendar`. */
export interface Calendar {
  readonly settings: CalendarSettings;
  isBusinessDay(date: DateTime): boolean;
  /** The same on a real calendar date, YYYY-MM-DD. */
  isBusinessDate(isoDate: string): boolean;
  /** `n` business days after `from` (Denver dates), keeping the local time of day. */
  addBusinessDays(from: DateTime, n: number): DateTime;
  /** The same on epoch ms (the machines' timers). */
  addBusinessDaysMs(fromMs: number, n: number): number;
  checkPortStart(startAt: DateTime, options: CheckOptions): CalendarAnswer;
  openSlots(fromDate: string, days: number, booked: ReadonlyMap<string, number>, asOf: DateTime): OpenSlot[];
  sla(input: SlaInput): Sla;
}
