import { z } from 'zod';
import { DateTime } from 'luxon';
import { isoDateString, multilineText, optionalMultilineText, optionalText, orderUpdateSchema, text } from './orderInput';
import { rejectionReasonCodes } from './rejectionCatalog';

/**
 * The events a client may send (SPEC §3.1), as `POST /v1/port-orders/:id/events` bodies and
 * `portflow-commands` jobs. Each payload is strict (unknown fields refused, R11.1), trimmed and bounded.
 * `TIMER` is not here: only the timer worker sends it, straight to the engine.
 */

const calendarDate = isoDateString.refine((value) => DateTime.fromISO(value).isValid, 'is not a calendar date');
/** An instant with its offset (`Z` or `-07:00`): a local time without one would be ambiguous. */
const instant = z.string().trim().pipe(z.iso.datetime({ offset: true, message: 'expected an ISO date-time with an offset, e.g. 2026-12-16T16:00:00Z' }));
const e164 = z.string().trim().regex(/^\+[1-9]\d{1,14}$/, 'expected an E.164 number, e.g. +13034561234');
const numberList = z.array(e164).max(5000);
const reason = multilineText(1000);

/**
 * R52: where the port's call happens, as the invite's LOCATION: an https URL, or a dial string — a
 * `tel:` URI (RFC 3966) or digits with the pause/extension marks `,` `;` `#` `*`. Nothing a mail or
 * calendar client could run (`javascript:`), nothing that could break a line.
 */
const DIAL_STRING = /^\+?[0-9][0-9,;#*]*$/;
const TEL_URI = /^tel:\+?[0-9][0-9().-]*(;[A-Za-z0-9-]+(=[A-Za-z0-9.+%,*#-]+)?)*$/;
const httpsUrl = z.url({ protocol: /^https$/, hostname: z.regexes.domain });
const conferenceBridge = text(500).refine(
  (value) => DIAL_STRING.test(value) || TEL_URI.test(value) || httpsUrl.safeParse(value).success,
  { message: 'must be an https:// URL, a tel: URI or a dial string (digits with , ; # *)', params: { code: 'invalid_format' } },
);

const testCallResult = z
  .object({ number: e164, passed: z.boolean(), detail: optionalMultilineText(1000) })
  .strict();

const scheduleFields = {
  startAt: instant,
  offHours: z.boolean().optional(),
  acknowledgeRisk: z.boolean().optional(),
  conferenceBridge: conferenceBridge.nullish(),
};

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();
const bare = <T extends string>(type: T) => z.object({ type: z.literal(type) }).strict();

export const apiEventSchema = z.discriminatedUnion('type', [
  /** The partial order inline beside `type`; the engine merges it and re-validates the whole order. */
  orderUpdateSchema.extend({ type: z.literal('UPDATE') }).strict(),
  bare('SUBMIT'),
  event('REJECT', {
    reason,
    code: optionalText(64),
    /** R64: the catalog's reason; `fields` then default to the catalog's. */
    reasonCode: z.enum(rejectionReasonCodes).optional(),
    fields: z.array(text(200)).max(100).optional(),
  }),
  bare('RESUBMIT'),
  event('CONFIRM_FOC', { focDate: calendarDate }),
  event('RELEASE', { releasedAt: instant.nullish() }),
  event('CHANGE_FOC', { focDate: calendarDate, reason }),
  event('SCHEDULE', scheduleFields),
  event('RESCHEDULE', scheduleFields),
  event('CONFIRM_READY', { confirmedBy: text(200) }),
  event('NOT_READY', { reason }),
  event('PORT_COMPLETED', { notReleased: numberList.optional() }),
  event('NUMBERS_RELEASED', { numbers: numberList.min(1, 'name at least one number') }),
  /** Extension of `machines/types.ts`: ops gives up on numbers the losing carrier will not release. */
  event('EXCLUDE_NUMBERS', { numbers: numberList.min(1, 'name at least one number'), reason }),
  event('TEST_CALLS_PASSED', { results: z.array(testCallResult).max(5000) }),
  event('TEST_CALLS_FAILED', { results: z.array(testCallResult).max(5000) }),
  bare('RETEST'),
  event('CANCEL', { reason }),
]);

export type ApiEvent = z.output<typeof apiEventSchema>;
export type ApiEventType = ApiEvent['type'];

export const publicEventTypes: readonly ApiEventType[] = apiEventSchema.options.map((option) => option.shape.type.value);
