import type Mail from 'nodemailer/lib/mailer';
import type { MailTemplate } from '../../machines/effects';
import { parseMailbox } from './address';
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
 * Message-ID and receivers (and the sent-record in `Mailer`) see one message. Its right side is
 * the domain of MAIL_FROM (RFC 5322 §3.6.4 asks for a domain there; spam filters score a bare word).
 */
export function messageIdFor(outboxEntryId: string, from: string): string {
  return `<${messageIdLocalPart(outboxEntryId)}@${parseMailbox(from).address.split('@').pop()}>`;
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
    messageId: messageIdFor(input.outboxEntryId, input.from),
    from: input.from,
    to: input.to,
    subject: input.rendered.subject,
    text: input.rendered.text,
    html: input.rendered.html,
    headers: { 'X-Portflow-Order': input.orderId, 'X-Portflow-Template': input.template },
  };
  if (input.ics !== undefined) {
    // The invite twice, as calendar clients expect: an alternative body that Outlook and Gmail act
    // on, and an `invite.ics` attachment for the others — both `text/calendar` with the method
    // (nodemailer's own `icalEvent` would attach it as `application/ics`, which clients do not open).
    const contentType = `text/calendar; charset=utf-8; method=${input.icsMethod}`;
    message.alternatives = [{ contentType, content: input.ics }];
    message.attachments = [{ filename: 'invite.ics', contentType, content: input.ics }];
  }
  return message;
}
