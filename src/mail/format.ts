import { DateTime } from 'luxon';
import { PORTING_ZONE } from '../clock/clock';

/**
 * How values appear in e-mails. Porting desks think in Mountain Time, so every instant is shown
 * there with the zone abbreviation (MST/MDT) — never a bare offset a reader has to convert.
 * The locale is fixed so the wording does not depend on the host.
 */

const LOCALE = 'en-US';

/** A UTC ISO instant as `Wed 16 Dec 2026 09:00 MST`; an unparsable value is shown as given. */
export function formatInstant(iso: string): string {
  const at = DateTime.fromISO(iso, { setZone: true });
  if (!at.isValid) return iso;
  return at.setZone(PORTING_ZONE).setLocale(LOCALE).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/** A calendar date (YYYY-MM-DD, a Denver date) or an instant, as `Tue 15 Dec 2026`. */
export function formatDate(value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = dateOnly ? DateTime.fromISO(value, { zone: PORTING_ZONE }) : DateTime.fromISO(value, { setZone: true });
  if (!at.isValid) return value;
  return at.setZone(PORTING_ZONE).setLocale(LOCALE).toFormat('ccc d LLL yyyy');
}

/** `09:00 MST`, for the end of a window that starts the same day. */
export function formatTime(iso: string): string {
  const at = DateTime.fromISO(iso, { setZone: true });
  if (!at.isValid) return iso;
  return at.setZone(PORTING_ZONE).setLocale(LOCALE).toFormat('HH:mm ZZZZ');
}

/**
 * R12 spirit: an account number is shown only by its last 4 characters — and never more than half
 * of it, so a short account number is not shown whole.
 */
export function maskAccountNumber(accountNumber: string): string {
  const visible = Math.min(4, Math.floor(accountNumber.length / 2));
  return `****${accountNumber.slice(accountNumber.length - visible)}`;
}

/** Orders can hold 5,000 numbers; a mail lists the first few and counts the rest. */
export const LISTED_NUMBERS_LIMIT = 25;

export function listWithRest(items: string[], limit = LISTED_NUMBERS_LIMIT): string[] {
  if (items.length <= limit) return items;
  return [...items.slice(0, limit), `… and ${items.length - limit} more`];
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
