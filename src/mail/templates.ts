import type { MailTemplate } from '../../machines/effects';
import type { OrderContext, TestCallResult } from '../../machines/types';
import { assertNever } from '../util/assertNever';
import { formatDate, formatInstant, formatTime, listWithRest, maskAccountNumber, plural } from './format';
import { facts, layoutHtml, layoutText, list, paragraph, type Notice, type NoticeBlock } from './noticeLayout';

/**
 * The wording of every notice (SPEC §3.5, R37.1). A template reads the order context first and
 * the effect's `data` for what the context no longer holds (the slot of a cancelled invite, the
 * numbers just released, daysLeft). Only named fields are ever read — never the account's
 * `pinCiphertext`, never a `data` key by iteration — so no PIN can reach a mail (R12).
 */

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

export type MailData = Record<string, unknown>;

export function renderNotice(template: MailTemplate, order: OrderContext, data: MailData = {}): RenderedNotice {
  const notice = noticeFor(template, order, data);
  const withDetails: Notice = { title: notice.title, blocks: [...notice.blocks, orderDetails(order)] };
  return { subject: subjectFor(order, notice.title), text: layoutText(withDetails), html: layoutHtml(withDetails) };
}

/** R37.1: `[po_01J… / PO-1182] Port scheduled for …`, on one line whatever the reference holds. */
export function subjectFor(order: OrderContext, title: string): string {
  const reference = order.order.customerReference;
  const tag = reference ? `${order.id} / ${reference}` : order.id;
  return `[${tag}] ${title}`.replace(/\s+/g, ' ').trim();
}

function noticeFor(template: MailTemplate, order: OrderContext, data: MailData): Notice {
  switch (template) {
    case 'submitted':
      return {
        title: `Port order submitted to ${order.order.losingCarrier}`,
        blocks: [
          paragraph(`The order for ${plural(order.numbers.length, 'number')} has been submitted to the losing carrier.`),
          paragraph(expectedResponse(order)),
          ...slaFacts(data),
        ],
      };
    case 'rejected': {
      const rejection = rejectionOf(order, data);
      return {
        title: 'Port order rejected by the losing carrier',
        blocks: [
          facts(['Reason', rejection.reason], ['Carrier code', rejection.code], ['Rejections so far', String(order.rejectionCount)]),
          ...(rejection.hint ? [paragraph(`What to do: ${rejection.hint}`)] : []),
          ...(rejection.fields.length > 0 ? [paragraph('Fields to fix:'), list(rejection.fields)] : []),
          paragraph('Correct the order and resubmit it; an unchanged order cannot be resubmitted.'),
        ],
      };
    }
    case 'resubmitted':
      return {
        title: 'Port order resubmitted',
        blocks: [
          paragraph(`The corrected order has been resubmitted to ${order.order.losingCarrier} (after ${plural(order.rejectionCount, 'rejection')}).`),
          paragraph(`The response clock restarts now. ${expectedResponse(order)}`),
          ...slaFacts(data),
        ],
      };
    case 'focConfirmed': {
      const foc = focDateOf(order, data);
      return {
        title: `FOC confirmed for ${foc}`,
        blocks: [
          paragraph(`The losing carrier confirmed the firm order commitment (FOC) date: ${foc}.`),
          paragraph('Next: schedule the port on or after the FOC date, inside the porting hours (07:00–15:30 MT, Tuesday to Friday).'),
        ],
      };
    }
    case 'sameDayFoc': {
      const foc = focDateOf(order, data);
      return {
        title: `FOC is today (${foc}): confirm readiness or reschedule`,
        blocks: [
          paragraph(`The losing carrier confirmed the FOC for today, ${foc}.`),
          paragraph('Please confirm that you are ready to port now, or reply to reschedule the port to a later date.'),
        ],
      };
    }
    case 'focChanged': {
      const previous = text(data, 'previousFocDate');
      return {
        title: `FOC date changed to ${focDateOf(order, data)}`,
        blocks: [
          facts(
            ['New FOC date', focDateOf(order, data)],
            ['Previous FOC date', previous ? formatDate(previous) : null],
            ['Reason', text(data, 'reason')],
          ),
          paragraph(
            order.schedule
              ? `The port stays scheduled for ${formatInstant(order.schedule.startAt)}.`
              : 'If a port was scheduled before the new FOC date it has been removed (see the invite cancellation); schedule it again on or after the new date.',
          ),
        ],
      };
    }
    case 'scheduled':
    case 'rescheduled': {
      const slot = slotOf(order, data);
      const verb = template === 'scheduled' ? 'scheduled' : 'rescheduled';
      return {
        title: `Port ${verb} for ${slot.start}`,
        blocks: [
          paragraph(
            template === 'scheduled'
              ? 'The port is scheduled. The attached invite holds the port window.'
              : 'The port has moved. The attached invite replaces the previous one.',
          ),
          slotFacts(order, slot),
          ...warningBlocks(order),
          paragraph(portDayInstructions(order, slot)),
        ],
      };
    }
    case 'unscheduled': {
      const slot = slotOf(order, data);
      return {
        title: `Port on ${slot.start} cancelled`,
        blocks: [
          paragraph(`The port window ${slot.start} – ${slot.endTime} is removed from the calendar (the attached cancellation withdraws the invite).`),
          facts(['Reason', text(data, 'reason') ?? order.cancelReason]),
          paragraph(order.cancelReason ? 'The order is cancelled.' : 'The order needs a new port date; the porting desk will schedule it again.'),
        ],
      };
    }
    case 'portReminder': {
      const slot = slotOf(order, data);
      return {
        title: `Reminder: port starts ${slot.start}`,
        blocks: [paragraph('The port starts in about 24 hours.'), slotFacts(order, slot), paragraph(portDayInstructions(order, slot))],
      };
    }
    case 'readinessRequest': {
      const slot = slotOf(order, data);
      return {
        title: 'Port window open: confirm readiness',
        blocks: [
          paragraph(`The port window is open (${slot.start} – ${slot.endTime}).`),
          paragraph('Reply to confirm that you are ready to port now, or that you are not ready so the port can be rescheduled. The port starts once readiness is confirmed.'),
          paragraph('Without an answer within 60 minutes the porting desk will contact you.'),
        ],
      };
    }
    case 'portStarted':
      return {
        title: 'Port started',
        blocks: [
          paragraph(`The port of ${plural(order.numbers.length, 'number')} has started.`),
          paragraph('Calls may be briefly interrupted. Test calls run once the losing carrier has released the numbers.'),
        ],
      };
    case 'portCompleted':
      return {
        title: 'Port completed: test calls next',
        blocks: [paragraph(`All ${plural(order.numbers.length, 'number')} are ported. Test calls run next; the results follow in the completion notice.`)],
      };
    case 'partialPort': {
      const notReleased = strings(data, 'numbers') ?? numbersWithStatus(order, 'notReleased');
      return {
        title: `Partially ported: ${plural(notReleased.length, 'number')} not released`,
        blocks: [
          paragraph(`The losing carrier did not release ${plural(notReleased.length, 'number')}:`),
          list(listWithRest(notReleased)),
          paragraph('The other numbers are ported. Unreleased numbers can delay a port from hours to days; the porting desk is following up with the losing carrier.'),
        ],
      };
    }
    case 'numbersReleased': {
      const released = strings(data, 'numbers') ?? [];
      const stillOut = numbersWithStatus(order, 'notReleased');
      return {
        title: `${plural(released.length, 'number')} released`,
        blocks: [
          paragraph('The losing carrier released:'),
          list(listWithRest(released)),
          paragraph(
            stillOut.length > 0
              ? `${plural(stillOut.length, 'number is', 'numbers are')} still not released.`
              : 'Every number is now ported; test calls run next.',
          ),
        ],
      };
    }
    case 'testCallsFailed': {
      const results = resultsOf(order, data);
      const failed = results.filter((result) => !result.passed);
      return {
        title: `Test calls failed on ${plural(failed.length, 'number')}`,
        blocks: [
          paragraph('The test calls after the port did not all pass. The porting desk is investigating and will run them again.'),
          list(listWithRest(results.map(describeResult))),
        ],
      };
    }
    case 'completed': {
      const results = resultsOf(order, data);
      return {
        title: 'Port complete',
        blocks: [
          paragraph(`The port is complete: ${plural(numbersWithStatus(order, 'ported').length, 'number')} ported and tested.`),
          ...(results.length > 0 ? [paragraph('Test-call results:'), list(listWithRest(results.map(describeResult)))] : []),
        ],
      };
    }
    case 'tollFreeReleased': {
      const windowEnd = windowEndOf(order, data);
      return {
        title: `Toll-free numbers released: port by ${windowEnd}`,
        blocks: [
          paragraph(`The losing carrier released the toll-free numbers. The port must start before the 30-day window ends on ${windowEnd}.`),
          paragraph('If it has not started by then, the order is dropped and the numbers may stop working.'),
        ],
      };
    }
    case 'tollFreeWindowReminder': {
      const daysLeft = count(data, 'daysLeft');
      const windowEnd = windowEndOf(order, data);
      const left = daysLeft === null ? 'soon' : `in ${plural(daysLeft, 'day')}`;
      return {
        title: `Toll-free window ends ${left} (${windowEnd})`,
        blocks: [
          paragraph(`The 30-day toll-free window ends ${left}, on ${windowEnd}.`),
          paragraph(
            order.schedule
              ? `The port is scheduled for ${formatInstant(order.schedule.startAt)}.`
              : 'No port is scheduled yet: schedule it now, or the order is dropped when the window ends.',
          ),
        ],
      };
    }
    case 'dropped':
      return {
        title: 'Port order dropped: toll-free window ended',
        blocks: [
          paragraph(`The 30-day toll-free window ended on ${windowEndOf(order, data)} before the port started, so the order is dropped.`),
          paragraph('The numbers may no longer work. Contact the porting desk to decide how to recover them.'),
        ],
      };
    case 'cancelled':
      return {
        title: 'Port order cancelled',
        blocks: [facts(['Reason', text(data, 'reason') ?? order.cancelReason ?? 'not given'])],
      };
    case 'draftReminder':
      return {
        title: 'Reminder: draft port order not submitted',
        blocks: [
          paragraph(`This draft has not changed since ${formatDate(order.updatedAt)}.`),
          paragraph('Complete and submit it, or cancel it if the port is no longer wanted.'),
        ],
      };
    case 'rejectionReminder': {
      const rejection = rejectionOf(order, data);
      return {
        title: 'Reminder: rejected order not resubmitted',
        blocks: [
          facts(['Rejected on', rejection.at ? formatDate(rejection.at) : null], ['Reason', rejection.reason], ['Carrier code', rejection.code]),
          ...(rejection.fields.length > 0 ? [paragraph('Fields to fix:'), list(rejection.fields)] : []),
          paragraph('Correct the order and resubmit it.'),
        ],
      };
    }
    case 'customerNote':
      return {
        title: 'A note about your port order',
        blocks: (text(data, 'text') ?? '').split(/\n{2,}/).map(paragraph),
      };
    case 'opsCarrierResponseOverdue':
      return {
        title: 'Ops alert: losing carrier response overdue',
        blocks: [
          paragraph(`${order.order.losingCarrier} has not answered (FOC, release or rejection) by the late end of the expected range.`),
          facts(['Submitted', order.submittedAt ? formatInstant(order.submittedAt) : null], ['Expected', expectedResponse(order)]),
          paragraph('Follow up with the losing carrier.'),
        ],
      };
    case 'opsReadinessOverdue': {
      const slot = slotOf(order, data);
      return {
        title: 'Ops alert: readiness not confirmed after 60 minutes',
        blocks: [
          paragraph(`The readiness request for the port window ${slot.start} – ${slot.endTime} has had no answer for 60 minutes.`),
          paragraph('Contacts:'),
          list(order.order.contacts.map((contact) => `${contact.name} <${contact.email}>`)),
        ],
      };
    }
    case 'opsPortingOverdue':
      return {
        title: 'Ops alert: port running for more than 60 minutes',
        blocks: [
          paragraph('The port has been in progress for more than 60 minutes without completion.'),
          facts(
            ['Readiness confirmed', order.readiness ? `${formatInstant(order.readiness.at)} by ${order.readiness.confirmedBy}` : null],
            ['Port window', order.schedule ? formatInstant(order.schedule.startAt) : null],
          ),
          paragraph('Check with the losing carrier whether numbers are held back, then record the outcome (PORT_COMPLETED with the numbers not released).'),
        ],
      };
    case 'opsFocChangedNearPort':
      return {
        title: 'Ops alert: FOC changed within 48 hours of the port',
        blocks: [
          paragraph('The FOC date changed less than 48 hours before the scheduled port; the order is flagged at risk.'),
          facts(
            ['New FOC date', focDateOf(order, data)],
            ['Port start', order.schedule ? formatInstant(order.schedule.startAt) : null],
            ['Reason', text(data, 'reason')],
          ),
        ],
      };
    case 'opsDropped':
      return {
        title: 'Ops alert: toll-free order dropped',
        blocks: [
          paragraph(`The toll-free window ended on ${windowEndOf(order, data)} before the port started; the order is dropped and the numbers may be non-functional.`),
          facts(['Released', order.window ? formatInstant(order.window.releasedAt) : null]),
        ],
      };
    default:
      return assertNever(template, 'mail template');
  }
}

/** Every notice ends with the facts a porting desk looks an order up by. */
function orderDetails(order: OrderContext): NoticeBlock {
  const account = order.order.account;
  return facts(
    ['Order', order.id],
    ['Customer reference', order.order.customerReference],
    ['Company', account.companyName],
    ['Kind', kindLabel(order)],
    ['Losing carrier', order.order.losingCarrier],
    ['Numbers', String(order.numbers.length)],
    ['Account number', account.accountNumber ? maskAccountNumber(account.accountNumber) : null],
    ['FOC date', order.focDate ? formatDate(order.focDate) : null],
  );
}

function kindLabel(order: OrderContext): string {
  const portType = order.portType === 'auto' ? 'auto port' : 'coordinated port';
  switch (order.kind) {
    case 'us':
      return `US ${order.order.serviceType ?? 'local'}${order.project ? ' project' : ''}, ${portType}`;
    case 'tollFree':
      return `US toll-free, ${portType}`;
    case 'international':
      return `International (${order.order.country ?? 'unknown country'}), ${portType}`;
    default:
      return assertNever(order.kind, 'order kind');
  }
}

/** The carrier's usual answer time for the kind (R21–R24). */
function expectedResponse(order: OrderContext): string {
  switch (order.kind) {
    case 'us':
      return order.project
        ? 'The losing carrier usually answers within 5–7 business days; a project of this size completes 45–75 days after submission.'
        : 'The losing carrier usually answers (FOC or rejection) within 5–7 business days.';
    case 'tollFree':
      return 'The losing carrier usually releases the numbers (or rejects the order) within 2–5 business days.';
    case 'international':
      return `The answer follows the lead time for ${order.order.country ?? 'the country'}; the order's SLA shows the dates.`;
    default:
      return assertNever(order.kind, 'order kind');
  }
}

/** SLA dates when the sender passed them (the machine context does not hold them). */
function slaFacts(data: MailData): NoticeBlock[] {
  const responseDueBy = text(data, 'responseDueBy');
  const completionTargetBy = text(data, 'completionTargetBy');
  if (!responseDueBy && !completionTargetBy) return [];
  return [
    facts(
      ['Response expected by', responseDueBy ? formatDate(responseDueBy) : null],
      ['Completion target', completionTargetBy ? formatDate(completionTargetBy) : null],
    ),
  ];
}

interface Slot {
  start: string;
  endTime: string;
  minutes: number | null;
  conferenceBridge: string | null;
}

/** The invite's slot: from `data` (an invite effect, possibly for a schedule already removed) or the schedule. */
function slotOf(order: OrderContext, data: MailData): Slot {
  const startAt = text(data, 'startAt') ?? order.schedule?.startAt ?? null;
  const endAt = text(data, 'endAt') ?? order.schedule?.endAt ?? null;
  const minutes = startAt && endAt ? Math.round((Date.parse(endAt) - Date.parse(startAt)) / 60_000) : null;
  return {
    start: startAt ? formatInstant(startAt) : 'a time to be set',
    endTime: endAt ? formatTime(endAt) : 'the end of the window',
    minutes: minutes !== null && Number.isFinite(minutes) ? minutes : null,
    conferenceBridge: 'conferenceBridge' in data ? text(data, 'conferenceBridge') : (order.schedule?.conferenceBridge ?? null),
  };
}

function slotFacts(order: OrderContext, slot: Slot): NoticeBlock {
  return facts(
    ['Port window', `${slot.start} – ${slot.endTime}`],
    ['Duration', slot.minutes !== null ? `${slot.minutes} minutes` : null],
    ['Conference bridge', slot.conferenceBridge],
    ['Off-hours fee', order.schedule?.offHoursFee ? 'yes (off-hours port)' : null],
  );
}

function warningBlocks(order: OrderContext): NoticeBlock[] {
  const warnings = order.schedule?.warnings ?? [];
  return warnings.length > 0 ? [paragraph('Warnings:'), list(warnings)] : [];
}

/** R35 and SPEC §1.4: auto ports skip the readiness step, and their notices say so. */
function portDayInstructions(order: OrderContext, slot: Slot): string {
  if (order.portType === 'auto') {
    return `This is an automatic port: no readiness confirmation is needed. The port starts at ${slot.start} and is expected to complete within the window, by ${slot.endTime} (a port takes about 15 minutes).`;
  }
  const readiness = 'When the window opens you will be asked to confirm readiness; the port starts once you confirm.';
  // R33: the text never mentions a bridge there isn't.
  return slot.conferenceBridge ? `${readiness} Have your team on the conference bridge.` : readiness;
}

function focDateOf(order: OrderContext, data: MailData): string {
  const foc = text(data, 'focDate') ?? order.focDate;
  return foc ? formatDate(foc) : 'not set';
}

function windowEndOf(order: OrderContext, data: MailData): string {
  const endsAt = text(data, 'windowEndsAt') ?? text(data, 'endsAt') ?? order.window?.endsAt ?? null;
  return endsAt ? formatInstant(endsAt) : 'the end of the 30-day window';
}

function rejectionOf(order: OrderContext, data: MailData) {
  const last = order.lastRejection;
  return {
    reason: text(data, 'reason') ?? last?.reason ?? 'not given',
    code: text(data, 'code') ?? last?.code ?? null,
    hint: text(data, 'hint') ?? last?.hint ?? null,
    fields: strings(data, 'fields') ?? last?.fields ?? [],
    at: last?.at ?? null,
  };
}

function numbersWithStatus(order: OrderContext, status: OrderContext['numbers'][number]['status']): string[] {
  return order.numbers.filter((entry) => entry.status === status).map((entry) => entry.number);
}

function resultsOf(order: OrderContext, data: MailData): TestCallResult[] {
  const given = data.results;
  if (Array.isArray(given) && given.every(isTestCallResult)) return given;
  return order.testResults ?? [];
}

function isTestCallResult(value: unknown): value is TestCallResult {
  const candidate = value as TestCallResult | null;
  return typeof candidate?.number === 'string' && typeof candidate.passed === 'boolean';
}

function describeResult(result: TestCallResult): string {
  const outcome = result.passed ? 'passed' : 'FAILED';
  return result.detail ? `${result.number}: ${outcome} (${result.detail})` : `${result.number}: ${outcome}`;
}

function text(data: MailData, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function count(data: MailData, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function strings(data: MailData, key: string): string[] | null {
  const value = data[key];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
}
