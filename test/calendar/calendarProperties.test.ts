import fc from 'fast-check';
import { DateTime } from 'luxon';
import { federalHolidays } from '../../src/calendar';
import { denverWallClock } from '../../src/calendar/portingZone';
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
