import { DateTime, IANAZone } from 'luxon';
import { PORTING_ZONE } from '../../src/clock/clock';
import type { Calendar } from '../../src/calendar/types';

/**
 * Time arithmetic of the machines, all in America/Denver (SPEC §2). Every timestamp the machines
 * write is UTC ISO without milliseconds when they are zero ("2026-12-16T16:00:00Z").
 */

/** Built once: creating the zone per call costs more than the arithmetic. */
const DENVER = IANAZone.create(PORTING_ZONE);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Denver's UTC offset changes only on a whole UTC hour, and asking Luxon (Intl) costs ~20 µs, so the
 * offset is remembered per UTC hour. The bound only keeps a long-running process from growing forever.
 */
const offsetByHour = new Map<number, number>();
function denverOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size >= 50_000) offsetByHour.clear();
    offset = DENVER.offset(ms);
    offsetByHour.set(hour, offset);
  }
  return offset;
}

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
  const ms = Date.parse(at);
  // A Date shifted by the offset: its UTC fields are Denver's wall-clock fields.
  return new Date(ms + denverOffsetMinutes(ms) * MINUTE_MS).toISOString().slice(0, 10);
}

/** 00:00 Denver time of a YYYY-MM-DD date, in epoch ms (R18, R28). */
export function denverMidnightMs(date: string): number {
  return DateTime.fromISO(date, { zone: DENVER }).toMillis();
}

export function plusBusinessDays(calendar: Calendar, at: string, days: number): string {
  const from = DateTime.fromMillis(Date.parse(at), { zone: DENVER });
  return utcIsoOfMs(calendar.addBusinessDays(from, days).toMillis());
}

export function plusMinutes(at: string, minutes: number): string {
  return utcIsoOfMs(Date.parse(at) + minutes * MINUTE_MS);
}

/** Calendar days in Denver (R30): a DST change in between keeps the local time of day. */
export function plusDenverDays(at: string, days: number): string {
  return utcIsoOfMs(DateTime.fromMillis(Date.parse(at), { zone: DENVER }).plus({ days }).toMillis());
}
