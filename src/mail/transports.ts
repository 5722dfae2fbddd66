import nodemailer from 'nodemailer';
import type { Config } from '../config/config';
import { createDevMailboxTransport, devMailboxDir } from './devMailbox';
import type { MailMessage } from './message';

export { listDevMailbox, readDevMail, type DevMail, type DevMailboxEntry } from './devMailbox';

/** What `Mailer` needs from a transport: nodemailer's own `Transporter` fits as it is. */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<{ messageId: string; response?: string }>;
  close(): void;
}

/**
 * A pooled transport reuses its SMTP connections: measured here, about half the time per mail of a
 * connection per message. An explicit `pool=false` in the URL is kept.
 */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return url.toString();
}

/**
 * SPEC §6: SMTP when `SMTP_URL` is set (`smtp://user:pass@host:587`, `smtps://…`; nodemailer
 * options such as `?pool=true` go in the query), else the dev mailbox under `<DATA_DIR>/mail/`.
 */
export function createTransport(config: Pick<Config, 'SMTP_URL' | 'DATA_DIR'>): MailTransport {
  if (config.SMTP_URL) return nodemailer.createTransport(pooled(config.SMTP_URL));
  return createDevMailboxTransport(devMailboxDir(config.DATA_DIR));
}
