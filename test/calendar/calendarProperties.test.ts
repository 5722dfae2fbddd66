import fc from 'fast-check';
import { DateTime } from 'luxon';
import { federalHolidays } from '../../src/calendar';
import { denverOffsetMinutes, denverWallClock, denverWallToUtcMs, isCalendarDate } from '../../src/calendar/portingZone';
import { calendarFromEnv } from './calendarFixtures';

const ZONE = 'America/Denver';
const calendar = calendarFromEnv({ EXTRA_CLOSED_DAYS: '2027-03-16,2028-07-05' });

const FROM_MS = Date.parse('2026-01-01T00:00:00Z');
const TO_MS = Date.parse('2029-01-01T00:00:00Z');
const QUARTER_HOUR = 15 * 60_000;

/** Instants on the 15-minute grid across 2026–2028. */
const gridInstant = fc
  .integer({ min: 0, max: (TO_MS - FROM_MS) / QUARTER_HOUR })
  .map((n) => DateTime.fromMillis(FROM_MS + n * QUARTER_HOUR, { zone: 'utc' }));
/** Any millisecond across 2026–2028. */
const anyInstant = fc.integer({ min: FROM_MS, max: TO_MS }).map((ms) => DateTime.fromMillis(ms, { zone: 'utc' }));

describe('calendar properties', () => {
  it('R14: every slot openSlots returns is allowed by checkPortStart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 10 }), anyInstant, (dayOffset, days, asOf) => {
        const fromDate = DateTime.fromMillis(FROM_MS, { zone: ZONE }).plus({ days: dayOffset }).toISODate() as string;
        for (const slot of calendar.openSlots(fromDate, days, new Map(), asOf)) {
          const answer = calendar.checkPortStart(DateTime.fromISO(slot.startAt, { zone: 'utc' }), { offHours: false, asOf });
          expect(answer).toMatchObject({ allowed: true, standardHours: true, local: slot.local });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('R13/R15: no allowed standard start is on a Monday, a weekend, a holiday or a closed day', () => {
    const asOf = DateTime.fromMillis(FROM_MS - 1, { zone: 'utc' });
    fc.assert(
      fc.property(gridInstant, (startAt) => {
        const answer = calendar.checkPortStart(startAt, { offHours: false, asOf });
        if (!answer.allowed) return;
        const local = startAt.setZone(ZONE);
        const date = local.toISODate() as string;
        expect(local.weekday).toBeGreaterThanOrEqual(2);
        expect(local.weekday).toBeLessThanOrEqual(5);
        expect(federalHolidays(local.year).has(date)).toBe(false);
        expect(calendar.settings.extraClosedDays).not.toContain(date);
        expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(7 * 60);
        expect(local.hour * 60 + local.minute).toBeLessThanOrEqual(15 * 60 + 15);
      }),
      { numRuns: 3000 },
    );
  });

  it('R16: every allowed off-hours answer carries the off-hours fee, and no standard one does', () => {
    fc.assert(
      fc.property(gridInstant, anyInstant, fc.boolean(), fc.boolean(), (startAt, asOf, offHours, acknowledgeRisk) => {
        const answer = calendar.checkPortStart(startAt, { offHours, acknowledgeRisk, asOf });
        if (answer.allowed) expect(answer.offHoursFee).toBe(!answer.standardHours);
      }),
      { numRuns: 3000 },
    );
  });

  it('R13: addBusinessDays(d, n) is a business day for n ≥ 1, n business days later, at the same local time', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const result = calendar.addBusinessDays(from, n);
        expect(calendar.isBusinessDay(result)).toBe(true);
        let between = 0;
        // Compare Denver dates, not instants: 02:00 does not exist on a spring-forward day.
        for (let day = from.setZone(ZONE).plus({ days: 1 }); day.toISODate()! <= result.toISODate()!; day = day.plus({ days: 1 })) {
          if (calendar.isBusinessDay(day)) between += 1;
        }
        expect(between).toBe(n);
        const start = from.setZone(ZONE);
        if (start.hour !== 2) expect(result.toFormat('HH:mm:ss.SSS')).toBe(start.toFormat('HH:mm:ss.SSS'));
      }),
      { numRuns: 500 },
    );
  });

  it('R13: business days on epoch ms (the machines\' timers) land where Luxon puts them, DST changes included', () => {
    // Instants within three hours of 02:00 Denver on the DST change days, where a wall time is skipped or repeated.
    const dstChanges = ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'].map((date) => DateTime.fromISO(`${date}T02:00`, { zone: ZONE }).toMillis());
    const nearDstChange = fc
      .tuple(fc.constantFrom(...dstChanges), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
      .map(([change, delta]) => DateTime.fromMillis(change + delta, { zone: 'utc' }));
    fc.assert(
      fc.property(fc.oneof(anyInstant, nearDstChange), fc.integer({ min: 0, max: 40 }), (from, n) => {
        // Luxon's own arithmetic as the reference: the n-th business date after, same local time of day.
        let date = from.setZone(ZONE);
        for (let counted = 0; counted < n; ) {
          date = date.plus({ days: 1 });
          if (calendar.isBusinessDay(date)) counted += 1;
        }
        const expected = from.setZone(ZONE).set({ year: date.year, month: date.month, day: date.day }).toMillis();
        expect(calendar.addBusinessDaysMs(from.toMillis(), n)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('R13: a Denver wall time resolves to the instant Luxon gives it, in the hour a DST change skips or repeats too', () => {
    const nearDstChange = fc
      .tuple(fc.constantFrom('2026-03-08', '2026-11-01', '2027-03-14'), fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }))
      .map(([date, delta]) => Date.parse(`${date}T02:00:00Z`) + delta);
    fc.assert(
      // `from` gives the offset Luxon starts from (its current offset); `wall` the wall time asked for.
      fc.property(anyInstant, nearDstChange, (from, wall) => {
        const at = new Date(wall);
        const expected = from.setZone(ZONE).set({
          year: at.getUTCFullYear(),
          month: at.getUTCMonth() + 1,
          day: at.getUTCDate(),
          hour: at.getUTCHours(),
          minute: at.getUTCMinutes(),
          second: at.getUTCSeconds(),
          millisecond: at.getUTCMilliseconds(),
        });
        expect(denverWallToUtcMs(wall, denverOffsetMinutes(from.toMillis()))).toBe(expected.toMillis());
      }),
      { numRuns: 2000 },
    );
  });

  it('R10/R13: a YYYY-MM-DD string is a calendar date and a business date exactly when Luxon says so', () => {
    const dateLike = fc
      .tuple(fc.integer({ min: 2024, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([year, month, day]) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    fc.assert(
      fc.property(dateLike, (date) => {
        const day = DateTime.fromISO(date, { zone: ZONE });
        expect(isCalendarDate(date)).toBe(day.isValid);
        if (day.isValid) expect(calendar.isBusinessDate(date)).toBe(calendar.isBusinessDay(day));
      }),
      { numRuns: 3000 },
    );
  });

  it('R13: the fast Denver wall clock of the check agrees with Luxon at every instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }), (ms) => {
        const luxon = DateTime.fromMillis(ms, { zone: ZONE });
        const wall = denverWallClock(ms);
        expect(wall.iso).toBe(luxon.toISO({ suppressMilliseconds: true }));
        expect([wall.date, wall.weekday, wall.year]).toEqual([luxon.toISODate(), luxon.weekday, luxon.year]);
      }),
      { numRuns: 5000 },
    );
  });

  it('R13: the wall clock is right on both sides of every 2026–2028 DST change', () => {
    for (const iso of ['2026-03-08T09:00:00Z', '2026-11-01T08:00:00Z', '2027-03-14T09:00:00Z', '2027-11-07T08:00:00Z', '2028-03-12T09:00:00Z', '2028-11-05T08:00:00Z']) {
      const change = Date.parse(iso);
      for (const ms of [change - 1, change, change + 1]) {
        expect(denverWallClock(ms).iso).toBe(DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true }));
      }
    }
  });
});
