import { DateTime } from 'luxon';
import { PORTING_ZONE } from '../src/clock/clock';

/** Porting people think in Mountain Time (SPEC §2): every instant the console shows is in America/Denver. */
export function mountain(iso: string | null | undefined, format = 'ccc d LLL yyyy, HH:mm ZZZZ'): string {
  if (!iso) return '—';
  const at = DateTime.fromISO(iso, { zone: 'utc' });
  return at.isValid ? at.setZone(PORTING_ZONE).toFormat(format) : iso;
}

export function calendarDay(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const day = DateTime.fromISO(isoDate, { zone: PORTING_ZONE });
  return day.isValid ? day.toFormat('ccc d LLL yyyy') : isoDate;
}

/** `focConfirmed` → `FOC confirmed`: state names as words, for people. */
export function stateWords(state: string): string {
  const words = state.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.replace(/^foc\b/, 'FOC').replace(/^./, (first) => first.toUpperCase());
}

export const kindWords: Record<string, string> = { us: 'US', tollFree: 'Toll-free', international: 'International' };
