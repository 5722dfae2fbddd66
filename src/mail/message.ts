import type Mail from 'nodemailer/lib/mailer';
import type { MailTemplate } from '../../machines/effects';
import type { InviteMethod } from './invite';
import type { RenderedNotice } from './templates';

export type MessageInput = MessageParts & (NoInvite | Invite);

interface NoInvite {
  ics?: undefined;
  icsMethod?: undefined;
}

/** An iCalendar body (R33) always travels with its method, so the MIME part can match it. */
interface Invite {
  ics: string;
  icsMethod: InviteMethod;
}

interface MessageParts {
  orderId: string;
  /** The outbox entry this mail carries out; its id makes the Message-ID (R41). */
  outboxEntryId: string;
  template: MailTemplate;
  to: string[];
  rendered: RenderedNotice;
  /** MAIL_FROM. */
  from: string;
}

/** A nodemailer message: the same outbox entry always yields the same Message-ID. */
export type MailMessage = Mail.Options & { messageId: string };

/**
 * R41: the Message-ID is derived from the outbox entry, so a retried job sends the same
 * Message-ID and receivers (and the sent-record in `Mailer`) see one message.
 */
export function messageIdFor(outboxEntryId: string): string {
  return `<${messageIdLocalPart(outboxEntryId)}@portflow>`;
}

/**
 * Outbox ids look like `<orderId>:<seq>:<index>`; `:` is not allowed left of the `@` in a
 * Message-ID (RFC 5322 dot-atom), so it becomes `.`, and anything else outside atext becomes `-`.
 */
function messageIdLocalPart(outboxEntryId: string): string {
  const local = outboxEntryId
    .replace(/:/g, '.')
    .replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '');
  return local === '' ? 'mail' : local;
}

export function buildMessage(input: MessageInput): MailMessage {
  const message: MailMessage = {
    messageId: messageIdFor(input.outboxEntryId),
    from: input.from,
    to: input.to,
    subject: input.rendered.subject,
    text: input.rendered.text,
    html: input.rendered.html,
    headers: { 'X-Portflow-Order': input.orderId, 'X-Portflow-Template': input.template },
  };
  if (input.ics !== undefined) {
    // nodemailer puts the method on the MIME part too (`text/calendar; method=…`), which Outlook needs.
    message.icalEvent = { method: input.icsMethod, content: input.ics };
  }
  return message;
}
