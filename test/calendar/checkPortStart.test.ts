import type { CalendarAnswer, CheckOptions } from '../../src/calendar';
import { at, calendarFromEnv } from './calendarFixtures';

/**
 * The calendar check, case by case (SPEC §2.2–2.3). Times are written in UTC or with their Denver offset;
 * `asOf` defaults to long before every case so the 48-hour rule only bites where a case sets it.
 */

interface Case {
  name: string;
  startAt: string;
  options?: Partial<CheckOptions> & { asOf?: never };
  asOf?: string;
  expect: Partial<CalendarAnswer>;
}

const LONG_BEFORE = '2025-06-01T00:00:00Z';
const calendar = calendarFromEnv({ EXTRA_CLOSED_DAYS: '2026-12-22,2026-12-23', SLOT_CAPACITY: '4' });

const ok = { allowed: true, code: 'ok' } as const;
const standard = { ...ok, standardHours: true, offHoursFee: false, warnings: [] };
const offHoursOk = { ...ok, standardHours: false, offHoursFee: true };
const refused = (code: CalendarAnswer['code']) => ({ allowed: false, code });

const dstCases: Case[] = [
  // DST starts 2026-03-08, 2027-03-14, 2028-03-12 and ends 2026-11-01, 2027-11-07, 2028-11-05.
  ['2026-03-06', '14:00', '-07:00'], ['2026-03-10', '13:00', '-06:00'],
  ['2027-03-12', '14:00', '-07:00'], ['2027-03-16', '13:00', '-06:00'],
  ['2028-03-10', '14:00', '-07:00'], ['2028-03-14', '13:00', '-06:00'],
  ['2026-10-30', '13:00', '-06:00'], ['2026-11-03', '14:00', '-07:00'],
  ['2027-11-05', '13:00', '-06:00'], ['2027-11-09', '14:00', '-07:00'],
  ['2028-11-03', '13:00', '-06:00'], ['2028-11-07', '14:00', '-07:00'],
].map(([date, utcTime, offset]) => ({
  name: `R14: ${date} 07:00 local (${offset}) is the first standard slot across the DST change`,
  startAt: `${date}T${utcTime}:00Z`,
  expect: { ...standard, local: `${date}T07:00:00${offset}` },
}));

const dstEarlyCases: Case[] = [
  { name: 'R14: 2026-03-10 06:45 MDT (12:45Z) is before standard hours after spring forward', startAt: '2026-03-10T12:45:00Z', expect: refused('outside_porting_hours') },
  { name: 'R14: 2026-11-03 06:45 MST (13:45Z) is before standard hours after fall back', startAt: '2026-11-03T13:45:00Z', expect: refused('outside_porting_hours') },
];

/** Federal holidays of 2026–2028 that fall on a weekday, observed substitutes included (written out, not computed). */
const weekdayHolidays = [
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12',
  '2026-11-11', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11',
  '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-31',
  '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-10',
  '2028-11-23', '2028-12-25',
];

const holidayCases: Case[] = weekdayHolidays.map((date) => {
  const monday = at(`${date}T12:00:00-07:00`).setZone('America/Denver').weekday === 1;
  return monday
    ? { name: `R15: holiday Monday ${date} is blocked even off-hours`, startAt: `${date}T10:00:00-07:00`, options: { offHours: true }, expect: refused('monday_blocked') }
    : { name: `R13: holiday ${date} is not a business day, 10:00 needs offHours`, startAt: `${date}T10:00:00-07:00`, expect: { ...refused('outside_porting_hours'), standardHours: false } };
});

const holidayOffHoursCases: Case[] = ['2026-07-03', '2027-12-31', '2027-12-24', '2028-11-10'].map((date) => ({
  name: `R16: observed holiday ${date} 10:00 is an off-hours port with the fee`,
  startAt: `${date}T10:00:00-07:00`,
  options: { offHours: true },
  expect: offHoursOk,
}));

const cases: Case[] = [
  ...dstCases,
  ...dstEarlyCases,
  ...holidayCases,
  ...holidayOffHoursCases,
  { name: 'R13: the day before a holiday (2026-11-10) is a standard business day', startAt: '2026-11-10T10:00:00-07:00', expect: standard },

  // R16: the 48-hour boundary to the minute (Thursday 06:00 MST = 13:00Z).
  { name: 'R16: off-hours 47:59 before the start is refused', startAt: '2026-12-10T13:00:00Z', asOf: '2026-12-08T13:01:00Z', options: { offHours: true }, expect: refused('insufficient_notice') },
  { name: 'R16: off-hours exactly 48:00 before the start is allowed', startAt: '2026-12-10T13:00:00Z', asOf: '2026-12-08T13:00:00Z', options: { offHours: true }, expect: offHoursOk },
  { name: 'R16: 48 hours across fall back is 47 wall-clock hours and allowed', startAt: '2026-11-01T19:00:00-07:00', asOf: '2026-10-30T20:00:00-06:00', options: { offHours: true }, expect: offHoursOk },
  { name: 'R16: 48 wall-clock hours across spring forward is 47 real hours and refused', startAt: '2026-03-08T10:00:00-06:00', asOf: '2026-03-06T10:00:00-07:00', options: { offHours: true }, expect: refused('insufficient_notice') },
  { name: 'R16: a standard slot needs no 48-hour notice', startAt: '2026-12-10T10:00:00-07:00', asOf: '2026-12-10T09:00:00-07:00', expect: standard },
  { name: 'R16: a standard slot asked with offHours:true is standard, no fee', startAt: '2026-12-10T10:00:00-07:00', options: { offHours: true }, expect: standard },
  { name: 'R16: Saturday 10:00 without offHours is outside porting hours', startAt: '2026-12-12T10:00:00-07:00', expect: { ...refused('outside_porting_hours'), offHoursFee: true } },
  { name: 'R16: Saturday 10:00 with offHours is allowed with the fee', startAt: '2026-12-12T10:00:00-07:00', options: { offHours: true }, expect: offHoursOk },

  // R14: the end of standard hours.
  { name: 'R14: Tuesday 15:15 is the last standard start', startAt: '2026-12-08T15:15:00-07:00', expect: standard },
  { name: 'R14: Tuesday 15:30 is outside standard hours', startAt: '2026-12-08T15:30:00-07:00', expect: { ...refused('outside_porting_hours'), standardHours: false } },
  { name: 'R14: Tuesday 15:30 with offHours is an off-hours port', startAt: '2026-12-08T15:30:00-07:00', options: { offHours: true }, expect: offHoursOk },
  { name: 'R14: Tuesday 06:45 is before standard hours', startAt: '2026-12-08T06:45:00-07:00', expect: refused('outside_porting_hours') },

  // R17: late Friday.
  { name: 'R17: Friday 15:45 off-hours is allowed without a warning', startAt: '2026-12-11T15:45:00-07:00', options: { offHours: true }, expect: { ...offHoursOk, warnings: [] } },
  { name: 'R17: Friday 15:15 is a standard slot', startAt: '2026-12-11T15:15:00-07:00', expect: standard },
  { name: 'R17: Friday 16:00 off-hours is refused without acknowledgeRisk', startAt: '2026-12-11T16:00:00-07:00', options: { offHours: true }, expect: refused('friday_late_not_recommended') },
  { name: 'R17: Friday 16:00 with acknowledgeRisk is allowed with a warning', startAt: '2026-12-11T16:00:00-07:00', options: { offHours: true, acknowledgeRisk: true }, expect: offHoursOk },
  { name: 'R17: Friday 23:45 is still late Friday', startAt: '2026-12-11T23:45:00-07:00', options: { offHours: true }, expect: refused('friday_late_not_recommended') },

  // R15: Mondays.
  { name: 'R15: Monday 2026-12-07 10:00 is blocked', startAt: '2026-12-07T10:00:00-07:00', expect: { ...refused('monday_blocked'), standardHours: false, offHoursFee: false, local: '2026-12-07T10:00:00-07:00' } },
  { name: 'R15: Monday 06:00 off-hours is blocked', startAt: '2026-12-07T06:00:00-07:00', options: { offHours: true }, expect: refused('monday_blocked') },
  { name: 'R15: Monday 00:00 local is blocked', startAt: '2026-12-07T07:00:00Z', options: { offHours: true }, expect: refused('monday_blocked') },
  { name: 'R15: Sunday 23:45 local (Monday in UTC) is an off-hours Sunday port', startAt: '2026-12-07T06:45:00Z', options: { offHours: true }, expect: offHoursOk },

  // R20: the grid.
  { name: 'R20: 10:10 is off the grid', startAt: '2026-12-09T10:10:00-07:00', expect: refused('off_grid') },
  { name: 'R20: 10:45 is on the grid', startAt: '2026-12-09T10:45:00-07:00', expect: standard },
  { name: 'R20: 10:00:30 is off the grid', startAt: '2026-12-09T10:00:30-07:00', expect: { ...refused('off_grid'), local: '2026-12-09T10:00:30-07:00' } },
  { name: 'R20: 10:00:00.001 is off the grid', startAt: '2026-12-09T10:00:00.001-07:00', expect: { ...refused('off_grid'), local: '2026-12-09T10:00:00.001-07:00' } },

  // R18: past, FOC, window.
  { name: 'R18: one minute before asOf is in the past', startAt: '2026-12-09T10:00:00-07:00', asOf: '2026-12-09T10:01:00-07:00', expect: refused('in_past') },
  { name: 'R18: a start exactly at asOf is not in the past', startAt: '2026-12-09T10:00:00-07:00', asOf: '2026-12-09T10:00:00-07:00', expect: standard },
  { name: 'R18: the day before the FOC date is refused', startAt: '2026-12-09T15:15:00-07:00', options: { focDate: '2026-12-10' }, expect: refused('before_foc') },
  { name: 'R18: 23:30 local before the FOC date is refused though it is the FOC date in UTC', startAt: '2026-12-10T06:30:00Z', options: { focDate: '2026-12-10', offHours: true }, expect: refused('before_foc') },
  { name: 'R18: 07:00 on the FOC date is allowed', startAt: '2026-12-10T07:00:00-07:00', options: { focDate: '2026-12-10' }, expect: standard },
  { name: 'R18: a start exactly at the window end is allowed', startAt: '2026-12-10T17:00:00Z', options: { windowEnd: '2026-12-10T17:00:00.000Z' }, expect: standard },
  { name: 'R18: a start after the window end is refused', startAt: '2026-12-10T17:15:00Z', options: { windowEnd: '2026-12-10T17:00:00.000Z' }, expect: refused('after_window') },

  // R19: capacity.
  { name: 'R19: a slot holding slotCapacity ports is full', startAt: '2026-12-09T10:00:00-07:00', options: { bookedInSlot: 4 }, expect: refused('slot_full') },
  { name: 'R19: a slot with one place left is allowed', startAt: '2026-12-09T10:00:00-07:00', options: { bookedInSlot: 3 }, expect: standard },

  // Extra closed days from config (R13).
  { name: 'R13: configured closed day 2026-12-22 has no standard hours', startAt: '2026-12-22T10:00:00-07:00', expect: refused('outside_porting_hours') },
  { name: 'R13: configured closed day 2026-12-23 allows an off-hours port', startAt: '2026-12-23T10:00:00-07:00', options: { offHours: true }, expect: offHoursOk },

  // SPEC §2.3 precedence: the first code in the list wins.
  { name: 'R18: in the past wins over everything (past Monday, off grid)', startAt: '2026-12-07T06:10:00-07:00', asOf: '2026-12-08T00:00:00Z', options: { bookedInSlot: 9 }, expect: refused('in_past') },
  { name: 'R18: before_foc wins over after_window', startAt: '2026-12-09T10:00:00-07:00', options: { focDate: '2026-12-10', windowEnd: '2026-12-01T00:00:00Z' }, expect: refused('before_foc') },
  { name: 'R18: after_window wins over monday_blocked', startAt: '2026-12-14T10:00:00-07:00', options: { windowEnd: '2026-12-01T00:00:00Z' }, expect: refused('after_window') },
  { name: 'R15: monday_blocked wins over outside_porting_hours', startAt: '2026-12-07T05:00:00-07:00', expect: refused('monday_blocked') },
  { name: 'R16: outside_porting_hours wins over insufficient_notice', startAt: '2026-12-12T10:00:00-07:00', asOf: '2026-12-12T09:00:00-07:00', expect: refused('outside_porting_hours') },
  { name: 'R16: insufficient_notice wins over friday_late_not_recommended', startAt: '2026-12-11T17:00:00-07:00', asOf: '2026-12-11T09:00:00-07:00', options: { offHours: true }, expect: refused('insufficient_notice') },
  { name: 'R17: friday_late_not_recommended wins over off_grid', startAt: '2026-12-11T16:10:00-07:00', options: { offHours: true }, expect: refused('friday_late_not_recommended') },
  { name: 'R20: off_grid wins over slot_full', startAt: '2026-12-09T10:10:00-07:00', options: { bookedInSlot: 4 }, expect: refused('off_grid') },
  { name: 'R20: a late-Friday off-grid start with acknowledgeRisk is off_grid', startAt: '2026-12-11T16:10:00-07:00', options: { offHours: true, acknowledgeRisk: true }, expect: refused('off_grid') },
  { name: 'R14: 15:15:30 ends after 15:30, so it is off-hours before it is off grid', startAt: '2026-12-09T15:15:30-07:00', expect: refused('outside_porting_hours') },
];

describe('checkPortStart (SPEC §2.3)', () => {
  it('has at least 40 named cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const answer = calendar.checkPortStart(at(c.startAt), { ...c.options, asOf: at(c.asOf ?? LONG_BEFORE) });
    expect(answer).toMatchObject(c.expect);
    expect(answer.reason.length).toBeGreaterThan(10);
  });

  it('R17: the accepted late-Friday answer carries exactly one warning', () => {
    const answer = calendar.checkPortStart(at('2026-12-11T16:00:00-07:00'), { offHours: true, acknowledgeRisk: true, asOf: at(LONG_BEFORE) });
    expect(answer.warnings).toHaveLength(1);
    expect(answer.warnings[0]).toMatch(/Friday/);
  });

  it('R15: the refusal matches the SPEC example', () => {
    expect(calendar.checkPortStart(at('2026-12-07T17:00:00Z'), { asOf: at(LONG_BEFORE) })).toEqual({
      allowed: false,
      code: 'monday_blocked',
      reason: expect.stringMatching(/^Mondays are blocked for porting/),
      standardHours: false,
      offHoursFee: false,
      warnings: [],
      local: '2026-12-07T10:00:00-07:00',
    });
  });

  it('R18: malformed focDate and windowEnd are programming errors, not silent answers', () => {
    const asOf = at(LONG_BEFORE);
    expect(() => calendar.checkPortStart(at('2026-12-09T17:00:00Z'), { asOf, focDate: '2026-12-1' })).toThrow(
      expect.objectContaining({ code: 'calendar_invalid_input', field: 'focDate' }),
    );
    expect(() => calendar.checkPortStart(at('2026-12-09T17:00:00Z'), { asOf, windowEnd: 'soon' })).toThrow(
      expect.objectContaining({ code: 'calendar_invalid_input', field: 'windowEnd' }),
    );
  });
});
