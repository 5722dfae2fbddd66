import { ClosedDays, federalHolidays } from '../../src/calendar';
import { at, calendarFromEnv, denverDay } from './calendarFixtures';

const calendar = calendarFromEnv({ EXTRA_CLOSED_DAYS: '2026-12-22' });

describe('federal holidays (R13)', () => {
  it.each([
    [2026, ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-07-04', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']],
    [2027, ['2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-06-19', '2027-07-04', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-25', '2027-12-31']],
    [2028, ['2028-01-01', '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-10', '2028-11-11', '2028-11-23', '2028-12-25']],
  ])('R13: the %i federal holidays as observed, and nothing else', (year, expected) => {
    expect([...federalHolidays(year)].sort()).toEqual(expected);
  });

  it('R13: the Dec 31 substitute of a Saturday New Year belongs to the year it falls in', () => {
    expect(federalHolidays(2027).has('2027-12-31')).toBe(true);
    expect(federalHolidays(2028).has('2027-12-31')).toBe(false);
    expect(federalHolidays(2032).has('2032-12-31')).toBe(true); // New Year 2033 is a Saturday too
  });

  it('R13: the Veterans Day substitute (typed bank) is closed, Christmas Eve and New Year\'s Eve are not', () => {
    expect(federalHolidays(2028).has('2028-11-10')).toBe(true);
    expect(federalHolidays(2029).has('2029-11-12')).toBe(true);
    expect(federalHolidays(2026).has('2026-12-24')).toBe(false);
    expect(federalHolidays(2026).has('2026-12-31')).toBe(false);
    expect(federalHolidays(2026).has('2026-11-27')).toBe(false); // day after Thanksgiving
  });

  it('R13: extra closed days must be dates', () => {
    expect(new ClosedDays(['2026-12-22']).isClosed(2026, '2026-12-22')).toBe(true);
    expect(() => new ClosedDays(['22/12/2026'])).toThrow(expect.objectContaining({ code: 'calendar_invalid_input', field: 'extraClosedDays' }));
  });
});

describe('isBusinessDay (R13)', () => {
  it.each([
    ['2026-12-08', true, 'a Tuesday'],
    ['2026-12-07', true, 'a Monday (blocked for porting by R15, but still a business day)'],
    ['2026-12-12', false, 'a Saturday'],
    ['2026-12-13', false, 'a Sunday'],
    ['2026-12-25', false, 'Christmas'],
    ['2026-07-03', false, 'the observed Independence Day'],
    ['2027-12-31', false, 'the observed New Year 2028'],
    ['2028-11-10', false, 'the observed Veterans Day'],
    ['2026-12-22', false, 'a configured closed day'],
    ['2026-12-24', true, 'Christmas Eve'],
  ])('R13: %s is a business day: %s (%s)', (date, expected) => {
    expect(calendar.isBusinessDay(denverDay(date))).toBe(expected);
  });

  it('R13: an instant is judged by its Denver date, not its UTC date', () => {
    // 2026-12-25T06:30Z is 23:30 on Thursday Dec 24 in Denver.
    expect(calendar.isBusinessDay(at('2026-12-25T06:30:00Z'))).toBe(true);
    expect(calendar.isBusinessDay(at('2026-12-25T07:00:00Z'))).toBe(false);
  });
});

describe('addBusinessDays (R13, R21)', () => {
  it('R13: skips weekends, holidays and configured closed days', () => {
    // Fri 2026-12-18 → Mon 21, (Tue 22 closed), Wed 23, Thu 24, (Fri 25 Christmas), Mon 28.
    expect(calendar.addBusinessDays(denverDay('2026-12-18'), 4).toISODate()).toBe('2026-12-28');
  });

  it('R13: keeps the local time of day across the DST change', () => {
    const result = calendar.addBusinessDays(at('2026-10-30T08:00:00-06:00'), 1);
    expect(result.toISO()).toBe('2026-11-02T08:00:00.000-07:00');
    expect(result.toUTC().toISO()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('R13: zero days is the same instant in Denver; negative or fractional counts are refused', () => {
    const from = at('2026-12-12T10:00:00-07:00');
    expect(calendar.addBusinessDays(from, 0).toMillis()).toBe(from.toMillis());
    expect(() => calendar.addBusinessDays(from, -1)).toThrow(expect.objectContaining({ code: 'calendar_invalid_input' }));
    expect(() => calendar.addBusinessDays(from, 1.5)).toThrow(expect.objectContaining({ code: 'calendar_invalid_input' }));
  });
});
