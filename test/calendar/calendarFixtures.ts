import { DateTime } from 'luxon';
import { loadConfig } from '../../src/config/config';
import { PortingCalendar, calendarSettingsFromConfig } from '../../src/calendar';

/** A calendar built from real configuration, as the service builds it (env defaults plus `env`). */
export function calendarFromEnv(env: NodeJS.ProcessEnv = {}): PortingCalendar {
  return new PortingCalendar(calendarSettingsFromConfig(loadConfig(env)));
}

/** An instant from an ISO string with its own offset (or Z). */
export function at(iso: string): DateTime {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new Error(`test fixture: invalid instant ${iso}`);
  return parsed;
}

/** 00:00 Denver of a YYYY-MM-DD date. */
export function denverDay(isoDate: string): DateTime {
  return DateTime.fromISO(isoDate, { zone: 'America/Denver' });
}
