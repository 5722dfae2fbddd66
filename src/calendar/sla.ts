import type { DateTime } from 'luxon';
import type { Calendar, Sla, SlaInput } from './types';
import { denverInstant, denverMidnight } from './portingZone';

/**
 * The SLA dates of an order (R21–R24, SPEC §2.4); the choices behind each number are in docs/calendar.md.
 * All arithmetic is in Denver time: business days skip weekends and closed days, calendar days keep
 * the local time of day across DST changes.
 */

const US_RESPONSE_BUSINESS_DAYS = 7; // the late end of "5–7 business days" (R21)
const US_COMPLETION_BUSINESS_DAYS = 15; // R21
const US_PROJECT_TARGET_DAYS = 45; // R22, calendar days
const US_PROJECT_LATEST_DAYS = 75; // R22, calendar days
const TOLL_FREE_RESPONSE_BUSINESS_DAYS = 5; // the late end of "2–5 business days" (R23)
const TOLL_FREE_WINDOW_DAYS = 30; // R23, R30, calendar days after release
const INTERNATIONAL_RESPONSE_BUSINESS_DAYS = 7;

type SlaDate = NonNullable<Sla['responseDueBy']>;

function slaDate(at: DateTime): SlaDate {
  return { at: at.toUTC().toISO() as string, localDate: at.toISODate() as string };
}

/** The requested FOC date at the submission's local time of day, so it compares like a business-day result. */
function requestedFocAt(focDate: string, submitted: DateTime): DateTime {
  return denverMidnight(focDate, 'requestedFocDate').set({
    hour: submitted.hour,
    minute: submitted.minute,
    second: submitted.second,
    millisecond: submitted.millisecond,
  });
}

function usStandardSla(input: SlaInput, submitted: DateTime, calendar: Calendar): Sla {
  let target = calendar.addBusinessDays(submitted, US_COMPLETION_BUSINESS_DAYS);
  if (input.requestedFocDate) {
    const foc = requestedFocAt(input.requestedFocDate, submitted);
    if (foc > target) target = foc;
  }
  const completion = slaDate(target);
  return {
    responseDueBy: slaDate(calendar.addBusinessDays(submitted, US_RESPONSE_BUSINESS_DAYS)),
    completionTargetBy: completion,
    completionLatestBy: completion,
  };
}

function usProjectSla(submitted: DateTime, calendar: Calendar): Sla {
  return {
    responseDueBy: slaDate(calendar.addBusinessDays(submitted, US_RESPONSE_BUSINESS_DAYS)),
    completionTargetBy: slaDate(submitted.plus({ days: US_PROJECT_TARGET_DAYS })),
    completionLatestBy: slaDate(submitted.plus({ days: US_PROJECT_LATEST_DAYS })),
  };
}

function tollFreeSla(input: SlaInput, submitted: DateTime, calendar: Calendar): Sla {
  const windowEnd = input.releasedAt
    ? slaDate(denverInstant(input.releasedAt, 'releasedAt').plus({ days: TOLL_FREE_WINDOW_DAYS }))
    : null;
  return {
    responseDueBy: slaDate(calendar.addBusinessDays(submitted, TOLL_FREE_RESPONSE_BUSINESS_DAYS)),
    completionTargetBy: windowEnd,
    completionLatestBy: windowEnd,
  };
}

function internationalSla(input: SlaInput, submitted: DateTime, calendar: Calendar): Sla {
  const { internationalLeadTimes, defaultInternationalLeadDays } = calendar.settings;
  const lead = internationalLeadTimes[input.country.toUpperCase()] ?? {
    typicalDays: defaultInternationalLeadDays,
    maxDays: defaultInternationalLeadDays,
  };
  return {
    responseDueBy: slaDate(calendar.addBusinessDays(submitted, INTERNATIONAL_RESPONSE_BUSINESS_DAYS)),
    completionTargetBy: slaDate(calendar.addBusinessDays(submitted, lead.typicalDays)),
    completionLatestBy: slaDate(calendar.addBusinessDays(submitted, lead.maxDays)),
  };
}

export function computeSla(input: SlaInput, calendar: Calendar): Sla {
  const submitted = denverInstant(input.submittedAt, 'submittedAt');
  switch (input.kind) {
    case 'us':
      return input.project ? usProjectSla(submitted, calendar) : usStandardSla(input, submitted, calendar);
    case 'tollFree':
      return tollFreeSla(input, submitted, calendar);
    case 'international':
      return internationalSla(input, submitted, calendar);
  }
}
