import Holidays from 'date-holidays';
import { PORTING_ZONE } from '../clock/clock';
import { CalendarInputError } from './CalendarInputError';
import { ISO_DATE } from './portingZone';

/**
 * The days no port is worked (R13): US federal holidays as observed, plus configured extra closed days.
 *
 * The federal holidays are date-holidays' US `public` days (New Year, MLK, Washington's Birthday, Memorial,
 * Juneteenth, Independence, Labor, Columbus, Veterans, Thanksgiving, Christmas; a test pins the list).
 * date-holidays pitfalls handled here:
 * - its `date` is a local 'YYYY-MM-DD hh:mm:ss' string: we keep the date part and never build a `Date`
 *   from a date-only string (that would be UTC midnight, the evening before in Denver);
 * - the Veterans Day substitute is typed `bank`: substitutes count whatever their type when they stand in
 *   for a public holiday, while bank-only days that are not federal holidays do not;
 * - the Friday Dec 31 substitute of a Saturday New Year's Day may be listed under the next year, so a
 *   year's set also looks at the next year's list.
 */

let usHolidays: Holidays | undefined;
const federalHolidaysByYear = new Map<number, ReadonlySet<string>>();

function computeFederalHolidays(year: number): ReadonlySet<string> {
  usHolidays ??= new Holidays('US', { timezone: PORTING_ZONE, types: ['public', 'bank'] });
  const listed = [...usHolidays.getHolidays(year), ...usHolidays.getHolidays(year + 1)];
  const publicNames = listed.filter((h) => h.type === 'public' && !h.substitute).map((h) => h.name);
  // A substitute is named after its holiday, e.g. 'Veterans Day (substitute day)'.
  const isFederal = (h: (typeof listed)[number]) =>
    h.type === 'public' || (h.substitute === true && publicNames.some((name) => h.name.startsWith(name)));
  const yearPrefix = `${year}-`;
  const days = new Set<string>();
  for (const holiday of listed) {
    const date = holiday.date.slice(0, 10);
    if (date.startsWith(yearPrefix) && isFederal(holiday)) days.add(date);
  }
  return days;
}

/** The observed US federal holidays of a year as Denver YYYY-MM-DD dates (computed once per year). */
export function federalHolidays(year: number): ReadonlySet<string> {
  let days = federalHolidaysByYear.get(year);
  if (!days) {
    days = computeFederalHolidays(year);
    federalHolidaysByYear.set(year, days);
  }
  return days;
}

/** Federal holidays plus the configured extra closed days (carrier holidays, freeze days). */
export class ClosedDays {
  private readonly extra: ReadonlySet<string>;

  constructor(extraClosedDays: readonly string[]) {
    for (const day of extraClosedDays) {
      if (!ISO_DATE.test(day)) throw new CalendarInputError('extraClosedDays', `expected YYYY-MM-DD, got ${JSON.stringify(day)}`);
    }
    this.extra = new Set(extraClosedDays);
  }

  /** `date` is the Denver YYYY-MM-DD of a day in `year` (both passed so the hot path parses nothing). */
  isClosed(year: number, date: string): boolean {
    return this.extra.has(date) || federalHolidays(year).has(date);
  }
}
