import { DateTime, IANAZone } from 'luxon';
import { PORTING_ZONE } from '../clock/clock';
import { CalendarInputError } from './CalendarInputError';

/** The porting zone as one shared Luxon zone object: building it per call costs more than the check itself. */
export const DENVER = IANAZone.create(PORTING_ZONE);

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a day that exists (not 2026-02-30), without Luxon: UPDATE checks R10 on every call. */
export function isCalendarDate(isoDate: string): boolean {
  if (!ISO_DATE.test(isoDate)) return false;
  const day = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === isoDate;
}

/** 00:00 Denver time of a YYYY-MM-DD date; throws `CalendarInputError` naming `field` when it is not one. */
export function denverMidnight(isoDate: string, field: string): DateTime {
  const day = ISO_DATE.test(isoDate) ? DateTime.fromISO(isoDate, { zone: DENVER }) : null;
  if (!day?.isValid) throw new CalendarInputError(field, `expected a date as YYYY-MM-DD, got ${JSON.stringify(isoDate)}`);
  return day;
}

/** Parses a UTC (or offset) ISO timestamp into Denver time; throws `CalendarInputError` naming `field`. */
export function denverInstant(iso: string, field: string): DateTime {
  const at = DateTime.fromISO(iso, { zone: DENVER });
  if (!at.isValid) throw new CalendarInputError(field, `expected an ISO-8601 timestamp, got ${JSON.stringify(iso)}`);
  return at;
}

/** The Denver wall clock at one instant: what every porting rule looks at. */
export interface DenverWallClock {
  year: number;
  /** YYYY-MM-DD (compares correctly as a string). */
  date: string;
  /** 1 = Monday … 7 = Sunday, as in Luxon. */
  weekday: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Seconds since local midnight, fractional when milliseconds are set. */
  secondOfDay: number;
  /** ISO with offset, milliseconds only when non-zero: what Luxon's `toISO({ suppressMilliseconds: true })` prints. */
  iso: string;
}

/*
 * Luxon asks Intl for the zone offset on every `setZone` (about 5 µs), which alone would cap the calendar
 * check near 200 000 calls/s. Denver's offset only changes on a whole UTC hour (02:00 local, whole-hour
 * offsets), so Luxon's answer is cached per UTC hour and the wall clock is read with plain Date arithmetic.
 */
const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 24 * 366 * 20;
const offsetMinutesByUtcHour = new Map<number, number>();

export function denverOffsetMinutes(ms: number): number {
  const utcHour = Math.floor(ms / HOUR_MS);
  let offset = offsetMinutesByUtcHour.get(utcHour);
  if (offset === undefined) {
    if (offsetMinutesByUtcHour.size >= MAX_CACHED_HOURS) offsetMinutesByUtcHour.clear();
    offset = DENVER.offset(ms);
    offsetMinutesByUtcHour.set(utcHour, offset);
  }
  return offset;
}

/**
 * The instant of a Denver wall-clock time, given as epoch ms whose UTC fields are the wall fields, with
 * `offsetGuess` (minutes) the offset to try first. The same resolution as Luxon's (`fixOffset`), so a
 * time skipped or repeated by a DST change lands where Luxon would put it.
 */
export function denverWallToUtcMs(wallMs: number, offsetGuess: number): number {
  let utcGuess = wallMs - offsetGuess * 60_000;
  const o2 = denverOffsetMinutes(utcGuess);
  if (o2 === offsetGuess) return utcGuess;
  utcGuess -= (o2 - offsetGuess) * 60_000;
  const o3 = denverOffsetMinutes(utcGuess);
  if (o2 === o3) return utcGuess;
  return wallMs - Math.min(o2, o3) * 60_000;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function offsetText(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

export function denverWallClock(ms: number): DenverWallClock {
  const offset = denverOffsetMinutes(ms);
  // A Date shifted by the offset: its UTC fields are the Denver wall-clock fields.
  const wall = new Date(ms + offset * 60_000);
  const year = wall.getUTCFullYear();
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  const second = wall.getUTCSeconds();
  const millisecond = wall.getUTCMilliseconds();
  const date = `${year}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
  const fraction = millisecond === 0 ? '' : `.${String(millisecond).padStart(3, '0')}`;
  return {
    year,
    date,
    weekday: wall.getUTCDay() || 7,
    minute,
    second,
    millisecond,
    secondOfDay: hour * 3600 + minute * 60 + second + millisecond / 1000,
    iso: `${date}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}${fraction}${offsetText(offset)}`,
  };
}
