/** E-mails and meeting invites (SPEC §3.5, R33, R37.1, R41). The mail worker needs only this module. */
export { composeMail, type ComposeInput, type InviteEffect, type MailEffect } from './composeMail';
export { MailError, MailSendError, type MailErrorCode } from './errors';
export { buildInvite, inviteTemplateFor, inviteUid, type InviteInput, type InviteMethod } from './invite';
export { Mailer, SENT_RECORD_TTL_SECONDS, type SendResult } from './Mailer';
export { buildMessage, messageIdFor, type MailMessage, type MessageInput } from './message';
export { recipientsFor } from './recipients';
export { renderNotice, subjectFor, type MailData, type RenderedNotice } from './templates';
export { createTransport, listDevMailbox, readDevMail, type DevMail, type DevMailboxEntry, type MailTransport } from './transports';
