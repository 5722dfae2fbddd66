import { DateTime } from 'luxon';
import { DENVER, denverWallClock } from '../../src/calendar/portingZone';
import type { Calendar } from '../../src/calendar/types';

/**
 * Time arithmetic of the machines, all in America/Denver (SPEC §2). Every timestamp the machines
 * write is UTC ISO without milliseconds when they are zero ("2026-12-16T16:00:00Z").
 */

const MINUTE_MS = 60_000;

/** Milliseconds since the epoch of an ISO timestamp, for ordering instants (no clock involved). */
export function epochMs(iso: string): number {
  return Date.parse(iso);
}

function utcIsoOfMs(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** The UTC ISO form of any ISO timestamp (offset or UTC). */
export function utcIso(iso: string): string {
  return utcIsoOfMs(Date.parse(iso));
}

/** "Today" in Denver (YYYY-MM-DD) at the instant `at`: FOC dates are compared to it. */
export function denverDate(at: string): string {
  return denverWallClock(Date.parse(at)).date;
}

/** 00:00 Denver time of a YYYY-MM-DD date, in epoch ms (R18, R28). */
export function denverMidnightMs(date: string): number {
  return DateTime.fromISO(date, { zone: DENVER }).toMillis();
}

export function plusBusinessDays(calendar: Calendar, at: string, days: number): string {
  return utcIsoOfMs(calendar.addBusinessDaysMs(Date.parse(at), days));
}

export function plusMinutes(at: string, minutes: number): string {
  return utcIsoOfMs(Date.parse(at) + minutes * MINUTE_MS);
}

/** Calendar days in Denver (R30): a DST change in between keeps the local time of day. */
export function plusDenverDays(at: string, days: number): string {
  return utcIsoOfMs(DateTime.fromMillis(Date.parse(at), { zone: DENVER }).plus({ days }).toMillis());
}
