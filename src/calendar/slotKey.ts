import type { DateTime } from 'luxon';
import { CalendarInputError } from './CalendarInputError';

/**
 * The key of a slot in booking maps and in the store (`P:slots`): the slot start as UTC ISO,
 * e.g. '2026-12-16T16:00:00.000Z' (the format of Luxon's `toUTC().toISO()`).
 * Everyone builds slot keys with this one function so they always match.
 */
export function slotKey(startAt: DateTime): string {
  if (!startAt.isValid) throw new CalendarInputError('startAt', `invalid DateTime (${startAt.invalidReason ?? 'unknown reason'})`);
  return slotKeyAt(startAt.toMillis());
}

/** `slotKey` of an epoch-milliseconds instant, for loops that already work in milliseconds. */
export function slotKeyAt(ms: number): string {
  return new Date(ms).toISOString();
}
