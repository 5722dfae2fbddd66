import addressparser from 'nodemailer/lib/addressparser';
import { MailError } from './errors';

export interface Mailbox {
  name: string | null;
  address: string;
}

/** `portflow <portflow@localhost>` or a bare address → its parts (MAIL_FROM is configured either way). */
export function parseMailbox(value: string): Mailbox {
  const [first] = addressparser(value, { flatten: true });
  if (!first?.address || !first.address.includes('@')) {
    throw new MailError('mail_invalid_address', `not an e-mail address: ${JSON.stringify(value)}`);
  }
  return { name: first.name || null, address: first.address };
}
