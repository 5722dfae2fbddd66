import type { SlaInput } from '../../src/calendar';
import { calendarFromEnv } from './calendarFixtures';

const calendar = calendarFromEnv({
  INTERNATIONAL_LEAD_TIMES: JSON.stringify({ GB: { typicalDays: 15, maxDays: 25 }, JP: { typicalDays: 3, maxDays: 4 } }),
  DEFAULT_INTERNATIONAL_LEAD_DAYS: '10',
});
const defaults = calendarFromEnv();

// Tuesday 2026-12-01 08:00 MST.
const TUESDAY = '2026-12-01T15:00:00Z';
const base: SlaInput = { kind: 'us', project: false, country: 'US', submittedAt: TUESDAY };
const due = (localDate: string, utc: string) => ({ at: utc, localDate });

describe('sla (SPEC §2.4)', () => {
  it('R21: us standard answers in 7 business days and completes in 15', () => {
    expect(calendar.sla(base)).toEqual({
      responseDueBy: due('2026-12-10', '2026-12-10T15:00:00.000Z'),
      completionTargetBy: due('2026-12-22', '2026-12-22T15:00:00.000Z'),
      completionLatestBy: due('2026-12-22', '2026-12-22T15:00:00.000Z'),
    });
  });

  it('R21: us standard counts over Christmas and New Year as closed days', () => {
    // Monday 2026-12-21: Dec 25 and Jan 1 are holidays.
    const sla = calendar.sla({ ...base, submittedAt: '2026-12-21T15:00:00Z' });
    expect(sla.responseDueBy?.localDate).toBe('2026-12-31');
    expect(sla.completionTargetBy?.localDate).toBe('2027-01-13');
  });

  it('R21: a later requested FOC date becomes the completion target, an earlier one does not', () => {
    const later = calendar.sla({ ...base, requestedFocDate: '2027-01-15' });
    expect(later.completionTargetBy).toEqual(due('2027-01-15', '2027-01-15T15:00:00.000Z'));
    expect(later.completionLatestBy).toEqual(later.completionTargetBy);
    expect(calendar.sla({ ...base, requestedFocDate: '2026-12-05' }).completionTargetBy?.localDate).toBe('2026-12-22');
  });

  it('R21: a resubmission restarts the clock', () => {
    const resubmitted = calendar.sla({ ...base, submittedAt: '2026-12-09T20:00:00Z' });
    expect(resubmitted.responseDueBy).toEqual(due('2026-12-18', '2026-12-18T20:00:00.000Z'));
  });

  it('R21: business days across the November DST change keep 08:00 local', () => {
    // Wednesday 2026-10-28 08:00 MDT; Nov 11 (Veterans Day) is skipped.
    const sla = calendar.sla({ ...base, submittedAt: '2026-10-28T14:00:00Z' });
    expect(sla.responseDueBy).toEqual(due('2026-11-06', '2026-11-06T15:00:00.000Z'));
    expect(sla.completionTargetBy).toEqual(due('2026-11-19', '2026-11-19T15:00:00.000Z'));
  });

  it('R22: us project completes 45 to 75 calendar days after submission, across spring forward', () => {
    // Friday 2026-02-20 09:00 MST.
    expect(calendar.sla({ ...base, project: true, submittedAt: '2026-02-20T16:00:00Z' })).toEqual({
      responseDueBy: due('2026-03-03', '2026-03-03T16:00:00.000Z'),
      completionTargetBy: due('2026-04-06', '2026-04-06T15:00:00.000Z'),
      completionLatestBy: due('2026-05-06', '2026-05-06T15:00:00.000Z'),
    });
  });

  it('R23: toll-free answers within 5 business days, completion unknown until release', () => {
    expect(calendar.sla({ ...base, kind: 'tollFree' })).toEqual({
      responseDueBy: due('2026-12-08', '2026-12-08T15:00:00.000Z'),
      completionTargetBy: null,
      completionLatestBy: null,
    });
  });

  it('R23: after release the port must complete within 30 calendar days (Denver, across fall back)', () => {
    // Released Thursday 2026-10-15 12:00 MDT → 2026-11-14 12:00 MST.
    const sla = calendar.sla({ ...base, kind: 'tollFree', releasedAt: '2026-10-15T18:00:00Z' });
    expect(sla.completionTargetBy).toEqual(due('2026-11-14', '2026-11-14T19:00:00.000Z'));
    expect(sla.completionLatestBy).toEqual(sla.completionTargetBy);
  });

  it('R24: international uses the typical and maximum lead time of the country', () => {
    expect(calendar.sla({ ...base, kind: 'international', country: 'GB' })).toEqual({
      responseDueBy: due('2026-12-10', '2026-12-10T15:00:00.000Z'),
      completionTargetBy: due('2026-12-22', '2026-12-22T15:00:00.000Z'),
      completionLatestBy: due('2027-01-07', '2027-01-07T15:00:00.000Z'),
    });
    const jp = calendar.sla({ ...base, kind: 'international', country: 'JP' });
    expect([jp.completionTargetBy?.localDate, jp.completionLatestBy?.localDate]).toEqual(['2026-12-04', '2026-12-07']);
  });

  it('R24: a country not in the table uses the configured default for both dates', () => {
    const sla = calendar.sla({ ...base, kind: 'international', country: 'NZ' });
    expect([sla.completionTargetBy?.localDate, sla.completionLatestBy?.localDate]).toEqual(['2026-12-15', '2026-12-15']);
  });

  it('R24: the seeded table of SPEC §7 and the default of 15 days apply without configuration', () => {
    const de = defaults.sla({ ...base, kind: 'international', country: 'DE' });
    expect(de.completionTargetBy?.localDate).toBe(de.completionLatestBy?.localDate);
    expect(defaults.settings.internationalLeadTimes.DE).toEqual({ typicalDays: 45, maxDays: 45 });
    const unknown = defaults.sla({ ...base, kind: 'international', country: 'NZ' });
    expect(unknown.completionTargetBy?.localDate).toBe('2026-12-22');
  });

  it('R21: a malformed submittedAt is a programming error', () => {
    expect(() => calendar.sla({ ...base, submittedAt: 'yesterday' })).toThrow(expect.objectContaining({ field: 'submittedAt' }));
  });
});
