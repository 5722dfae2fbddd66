import { DateTime } from 'luxon';
import { slotKey } from '../calendar/slotKey';
import { SlotRangeError } from './errors/SlotRangeError';

const SLOT_MS = 15 * 60 * 1000;
/** Generous above the API's 62 days; bounds the HMGET that reads the bookings. */
const MAX_RANGE_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * Keys of every 15-minute slot starting in [fromMs, toMs) (R20's grid; UTC and Mountain Time
 * quarter hours coincide). Reading exactly these fields keeps `slotBookings` independent of how
 * many slots were ever booked.
 */
export function slotKeysBetween(fromMs: number, toMs: number): string[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    throw new SlotRangeError(fromMs, toMs, 'expected finite bounds with from <= to');
  }
  if (toMs - fromMs > MAX_RANGE_MS) throw new SlotRangeError(fromMs, toMs, 'longer than 400 days');
  const keys: string[] = [];
  for (let at = Math.ceil(fromMs / SLOT_MS) * SLOT_MS; at < toMs; at += SLOT_MS) {
    keys.push(slotKey(DateTime.fromMillis(at, { zone: 'utc' })));
  }
  return keys;
}
