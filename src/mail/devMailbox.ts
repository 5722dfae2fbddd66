import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { readEmlHeaders } from './emlHeaders';
import { partBody } from './mimeParts';
import type { MailMessage } from './message';
import type { MailTransport } from './transports';

/**
 * SPEC §6: without SMTP, mail goes to a local mailbox: one `.eml` file (the raw RFC 822 message,
 * openable in any mail client) per message under `<DATA_DIR>/mail/`. The file is named after
 * the Message-ID, so a retried send overwrites its own file instead of adding a second one.
 */

export function devMailboxDir(dataDir: string): string {
  return join(dataDir, 'mail');
}

export function createDevMailboxTransport(directory: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async sendMail(message: MailMessage) {
      const info = await composer.sendMail(message);
      // R55: mails name customers and their numbers: readable by the service's user only.
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const file = join(directory, emlFileName(info.messageId));
      // Write then rename, so the mailbox listing never reads half a message.
      await writeFile(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
      return { messageId: info.messageId, response: `stored ${file}` };
    },
    close() {
      composer.close();
    },
  };
}

export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
}

export interface DevMailboxEntry {
  /** File name inside `<DATA_DIR>/mail/`. */
  file: string;
  messageId: string;
  subject: string;
  to: string;
  /** UTC ISO, from the Date header (the file time when there is none). */
  date: string;
}

/** The dev mailbox, newest first (for `GET /v1/dev/mailbox` and the console). */
export async function listDevMailbox(dataDir: string): Promise<DevMailboxEntry[]> {
  const directory = devMailboxDir(dataDir);
  let files: string[];
  try {
    files = (await readdir(directory)).filter((file) => file.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries = await Promise.all(
    files.map(async (file) => {
      const path = join(directory, file);
      const [raw, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      const headers = readEmlHeaders(raw);
      const dated = Date.parse(headers.get('date') ?? '');
      return {
        modifiedMs: info.mtimeMs,
        entry: {
          file,
          messageId: headers.get('message-id') ?? '',
          subject: headers.get('subject') ?? '',
          to: headers.get('to') ?? '',
          date: new Date(Number.isNaN(dated) ? info.mtimeMs : dated).toISOString(),
        },
      };
    }),
  );
  entries.sort((a, b) => b.modifiedMs - a.modifiedMs || b.entry.file.localeCompare(a.entry.file));
  return entries.map(({ entry }) => entry);
}

export interface DevMail extends DevMailboxEntry {
  /** The plain-text part, decoded. */
  text: string;
  /** The meeting invite (text/calendar part), if the mail carries one. */
  calendar: string | null;
}

/** One dev mailbox message, readable (its text and its invite), or null when there is no such file. */
export async function readDevMail(dataDir: string, file: string): Promise<DevMail | null> {
  // Only the names the mailbox hands out: nothing outside the folder can be named.
  if (!/^[A-Za-z0-9._@-]{1,300}\.eml$/.test(file) || file.startsWith('.')) return null;
  const path = join(devMailboxDir(dataDir), file);
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const headers = readEmlHeaders(raw);
  const dated = Date.parse(headers.get('date') ?? '');
  return {
    file,
    messageId: headers.get('message-id') ?? '',
    subject: headers.get('subject') ?? '',
    to: headers.get('to') ?? '',
    date: new Date(Number.isNaN(dated) ? (await stat(path)).mtimeMs : dated).toISOString(),
    text: partBody(raw, 'text/plain')?.body ?? '',
    calendar: partBody(raw, 'text/calendar')?.body ?? null,
  };
}
