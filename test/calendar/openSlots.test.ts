import { DateTime } from 'luxon';
import { slotKey } from '../../src/calendar';
import { at, calendarFromEnv } from './calendarFixtures';

const calendar = calendarFromEnv({ EXTRA_CLOSED_DAYS: '2026-12-23', SLOT_CAPACITY: '4' });
const LONG_BEFORE = at('2025-06-01T00:00:00Z');

describe('openSlots (R14, R15, R19)', () => {
  it('R14: a business day has 34 standard slots, 07:00 to 15:15 local', () => {
    const slots = calendar.openSlots('2026-12-08', 1, new Map(), LONG_BEFORE);
    expect(slots).toHaveLength(34);
    expect(slots[0]).toEqual({ startAt: '2026-12-08T14:00:00.000Z', local: '2026-12-08T07:00:00-07:00', remaining: 4 });
    expect(slots[33]).toEqual({ startAt: '2026-12-08T22:15:00.000Z', local: '2026-12-08T15:15:00-07:00', remaining: 4 });
  });

  it('R14: slots follow the local clock after the DST change', () => {
    const [first] = calendar.openSlots('2026-03-10', 1, new Map(), LONG_BEFORE);
    expect(first).toEqual({ startAt: '2026-03-10T13:00:00.000Z', local: '2026-03-10T07:00:00-06:00', remaining: 4 });
  });

  it('R15: Mondays, weekends, holidays and configured closed days have no slots', () => {
    // Mon 21 (blocked), Tue 22, (Wed 23 closed by config), Thu 24, (Fri 25 Christmas, weekend, Mon 28 blocked), Tue 29.
    const days = new Set(calendar.openSlots('2026-12-21', 9, new Map(), LONG_BEFORE).map((s) => s.local.slice(0, 10)));
    expect([...days]).toEqual(['2026-12-22', '2026-12-24', '2026-12-29']);
  });

  it('R18: slots before asOf are left out, a slot exactly at asOf is kept', () => {
    const slots = calendar.openSlots('2026-12-08', 1, new Map(), at('2026-12-08T15:00:00-07:00'));
    expect(slots.map((s) => s.local)).toEqual(['2026-12-08T15:00:00-07:00', '2026-12-08T15:15:00-07:00']);
  });

  it('R19: remaining counts the booked ports, full slots are left out', () => {
    const booked = new Map([
      [slotKey(at('2026-12-08T07:00:00-07:00')), 4],
      [slotKey(at('2026-12-08T07:15:00-07:00')), 3],
    ]);
    const slots = calendar.openSlots('2026-12-08', 1, booked, LONG_BEFORE);
    expect(slots).toHaveLength(33);
    expect(slots[0]).toMatchObject({ local: '2026-12-08T07:15:00-07:00', remaining: 1 });
  });

  it('R19: slot keys are the UTC ISO that Luxon prints', () => {
    const startAt = at('2026-12-16T09:00:00-07:00');
    expect(slotKey(startAt)).toBe('2026-12-16T16:00:00.000Z');
    expect(slotKey(startAt)).toBe(startAt.toUTC().toISO());
    expect(() => slotKey(DateTime.invalid('test'))).toThrow(expect.objectContaining({ code: 'calendar_invalid_input' }));
  });

  it('R14: a malformed fromDate or day count is a programming error', () => {
    expect(() => calendar.openSlots('2026-12-8', 1, new Map(), LONG_BEFORE)).toThrow(expect.objectContaining({ field: 'fromDate' }));
    expect(() => calendar.openSlots('2026-12-08', -1, new Map(), LONG_BEFORE)).toThrow(expect.objectContaining({ field: 'days' }));
  });
});
