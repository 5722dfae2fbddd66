import { DateTime } from 'luxon';
import { PortingCalendar } from '../../src/calendar';
import { DEFAULT_LEAD_TIMES } from '../../src/config/config';

/**
 * Dates for sandbox rehearsals, derived from the real date (the sandbox clock starts at the real
 * time and only moves forward), so the tests keep working whatever day they run.
 */
const calendar = new PortingCalendar({ extraClosedDays: [], slotCapacity: 4, internationalLeadTimes: DEFAULT_LEAD_TIMES, defaultInternationalLeadDays: 15 });
const ZONE = 'America/Denver';

/** A business day that is not a Monday, on or after `from`. */
export function portingDayFrom(from: DateTime): DateTime {
  let day = from.setZone(ZONE).startOf('day');
  while (!calendar.isBusinessDay(day) || day.weekday === 1) day = day.plus({ days: 1 });
  return day;
}

/** A rehearsal start: 09:00 Denver on a porting day at least `daysAhead` after the real now. */
export function rehearsalStart(daysAhead = 3): DateTime {
  return portingDayFrom(DateTime.now().plus({ days: daysAhead })).set({ hour: 9 });
}

export function denver(day: DateTime, hour: number, minute = 0): string {
  return day.setZone(ZONE).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
}
