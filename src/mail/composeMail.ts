import type { Effect } from '../../machines/effects';
import type { OrderContext } from '../../machines/types';
import { buildInvite, inviteTemplateFor, type InviteAttendee } from './invite';
import { buildMessage, type MailMessage } from './message';
import { recipientsFor } from './recipients';
import { renderNotice, subjectFor } from './templates';

export type MailEffect = Extract<Effect, { type: 'mail' }>;
export type InviteEffect = Extract<Effect, { type: 'invite' }>;

export interface ComposeInput {
  /** The outbox entry (id `<orderId>:<seq>:<index>`) whose effect is a mail or an invite. */
  entry: { id: string; orderId: string; effect: MailEffect | InviteEffect };
  order: OrderContext;
  /** MAIL_FROM and OPS_EMAIL. */
  from: string;
  opsEmail: string;
  /** The invite's DTSTAMP (UTC ISO): the outbox entry's time, so a retry rebuilds the same invite. */
  dtstamp: string;
}

/**
 * The mail worker's one call: outbox entry + order → the message to hand to `Mailer.send`.
 * An invite (R33) goes to the contacts and ops; its text part is the scheduled / rescheduled /
 * unscheduled notice, so the mail says in words what the calendar part does.
 */
export function composeMail({ entry, order, from, opsEmail, dtstamp }: ComposeInput): MailMessage {
  const { effect } = entry;
  const common = { orderId: entry.orderId, outboxEntryId: entry.id, from };
  if (effect.type === 'mail') {
    const rendered = renderNotice(effect.template, order, effect.data ?? {});
    return buildMessage({ ...common, template: effect.template, to: recipientsFor(effect.to, order, opsEmail), rendered });
  }
  const template = inviteTemplateFor(effect.method, effect.sequence);
  const rendered = renderNotice(template, order, {
    startAt: effect.startAt,
    endAt: effect.endAt,
    conferenceBridge: effect.conferenceBridge,
    reason: effect.reason,
  });
  const to = recipientsFor('both', order, opsEmail);
  const ics = buildInvite({
    orderId: entry.orderId,
    method: effect.method,
    sequence: effect.sequence,
    startAt: effect.startAt,
    endAt: effect.endAt,
    conferenceBridge: effect.conferenceBridge,
    organizer: from,
    attendees: attendeesOf(to, order),
    summary: subjectFor(order, `Port window – ${order.order.account.companyName}`),
    description: rendered.text,
    dtstamp,
  });
  return buildMessage({ ...common, template, to, rendered, ics, icsMethod: effect.method });
}

/** Each recipient as an attendee named as its contact (the ops mailbox, no contact, by its address). */
function attendeesOf(recipients: string[], order: OrderContext): InviteAttendee[] {
  const names = new Map(order.order.contacts.map((contact) => [contact.email.trim().toLowerCase(), contact.name]));
  return recipients.map((email) => ({ email, name: names.get(email.toLowerCase()) ?? email }));
}
