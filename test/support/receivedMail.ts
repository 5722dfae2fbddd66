import type { ReceivedMail } from './smtpSink';

/** Reading what the SMTP sink received: headers are unfolded first (RFC 5322 folding). */
function header(mail: ReceivedMail, name: string): string | null {
  const unfolded = mail.raw.replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? null;
}

export function subjectOf(mail: ReceivedMail): string {
  return header(mail, 'Subject') ?? '';
}

/** A notice's identity (R41): `<orderId>.<seq>.<index>` of the outbox entry it carries out. */
export interface NoticeId {
  messageId: string;
  orderId: string;
  /** `<seq>.<index>`: the same for every order that took the same path. */
  entry: string;
}

export function noticeIdOf(mail: ReceivedMail): NoticeId {
  const messageId = header(mail, 'Message-ID') ?? '';
  const parts = /^<(.+)\.(\d+\.\d+)@[^@>]+>$/.exec(messageId);
  if (!parts) throw new Error(`a mail without a portflow Message-ID: ${messageId || '(none)'}`);
  return { messageId, orderId: parts[1], entry: parts[2] };
}

/** How many times each Message-ID arrived. */
export function deliveriesByMessageId(received: ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of received) {
    const { messageId } = noticeIdOf(mail);
    counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
  }
  return counts;
}

/** Per order, the sorted `<seq>.<index>` entries of the distinct notices it received. */
export function noticeEntriesByOrder(received: ReceivedMail[]): Map<string, string[]> {
  const byOrder = new Map<string, Set<string>>();
  for (const mail of received) {
    const { orderId, entry } = noticeIdOf(mail);
    byOrder.set(orderId, (byOrder.get(orderId) ?? new Set()).add(entry));
  }
  return new Map([...byOrder].map(([orderId, entries]) => [orderId, [...entries].sort(byEntry)]));
}

function byEntry(a: string, b: string): number {
  const [seqA, indexA] = a.split('.').map(Number);
  const [seqB, indexB] = b.split('.').map(Number);
  return seqA - seqB || indexA - indexB;
}
