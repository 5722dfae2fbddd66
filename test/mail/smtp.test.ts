import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Effect } from '../../machines/effects';
import { composeMail, createTransport, Mailer, MailSendError, SENT_RECORD_TTL_SECONDS, type MailTransport } from '../../src/mail';
import { readEmlHeaders } from '../../src/mail/emlHeaders';
import { icsLines, partBody } from '../../src/mail/mimeParts';
import { orderFixture } from './orderFixture';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';

const MAIL_FROM = 'portflow <portflow@example.com>';
const OPS_EMAIL = 'porting-ops@example.net';
const prefix = `test:mail:${randomUUID()}`;
const order = orderFixture();

let sink: SmtpSink;
let redis: Redis;
let transport: MailTransport;
let mailer: Mailer;
let entrySeq = 0;

/** A fresh outbox entry (its own Message-ID) carrying the effect. */
function compose(effect: Extract<Effect, { type: 'mail' | 'invite' }>) {
  entrySeq += 1;
  return composeMail({
    entry: { id: `${order.id}:${entrySeq}:0`, orderId: order.id, effect },
    order,
    from: MAIL_FROM,
    opsEmail: OPS_EMAIL,
    dtstamp: '2026-12-10T15:04:05.000Z',
  });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
  transport = createTransport({ SMTP_URL: sink.smtpUrl, DATA_DIR: '/nonexistent' });
  mailer = new Mailer({ transport, redis, prefix });
});

afterAll(async () => {
  transport.close();
  await sink.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

beforeEach(() => {
  sink.received.length = 0;
});

describe('mail over a real SMTP server', () => {
  it('R37.1: a notice arrives with the order id and customer reference in the subject, a text part, from MAIL_FROM', async () => {
    await mailer.send(compose({ type: 'mail', template: 'focConfirmed', to: 'contacts' }));
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    const headers = readEmlHeaders(mail.raw);
    expect(headers.get('subject')).toBe('[po_01JTESTORDER0000000000000 / PO-1182] FOC confirmed for Tue 15 Dec 2026');
    expect(headers.get('from')).toBe(MAIL_FROM);
    expect(mail.from).toBe('portflow@example.com');
    expect(mail.to).toEqual(['jane@example.com', 'bob@example.com']);
    expect(partBody(mail.raw, 'text/plain')?.body).toContain('The losing carrier confirmed the firm order commitment (FOC) date: Tue 15 Dec 2026.');
  });

  it('R37.1: an ops alert goes to the ops mailbox only', async () => {
    await mailer.send(compose({ type: 'mail', template: 'opsPortingOverdue', to: 'ops' }));
    expect(sink.received.map((mail) => mail.to)).toEqual([[OPS_EMAIL]]);
  });

  it('R33: schedule, reschedule, cancel: one UID, SEQUENCE 0 → 1 → 2, matching MIME method, STATUS:CANCELLED at the end', async () => {
    const slot = { startAt: '2026-12-16T16:00:00.000Z', endAt: '2026-12-16T16:30:00.000Z', conferenceBridge: 'https://bridge.example.com/x' };
    const moved = { startAt: '2026-12-17T17:00:00.000Z', endAt: '2026-12-17T17:30:00.000Z', conferenceBridge: null };
    await mailer.send(compose({ type: 'invite', method: 'REQUEST', sequence: 0, ...slot }));
    await mailer.send(compose({ type: 'invite', method: 'REQUEST', sequence: 1, ...moved }));
    await mailer.send(compose({ type: 'invite', method: 'CANCEL', sequence: 2, ...moved }));

    expect(sink.received).toHaveLength(3);
    const invites = sink.received.map((mail) => {
      const calendar = partBody(mail.raw, 'text/calendar');
      return {
        to: mail.to,
        subject: readEmlHeaders(mail.raw).get('subject'),
        contentType: calendar?.contentType,
        lines: icsLines(calendar?.body ?? ''),
        text: partBody(mail.raw, 'text/plain')?.body ?? '',
      };
    });
    for (const mail of sink.received) {
      // R33: the invite.ics attachment is text/calendar too (clients do not open application/ics).
      expect(mail.raw).not.toMatch(/application\/ics/i);
      expect(mail.raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=(REQUEST|CANCEL); name=invite\.ics\r?$/im);
      expect(mail.raw).toMatch(/^Content-Disposition: attachment; filename=invite\.ics\r?$/im);
    }
    for (const invite of invites) {
      expect(invite.to).toEqual(['jane@example.com', 'bob@example.com', OPS_EMAIL]);
      expect(invite.lines).toContain('UID:po_01JTESTORDER0000000000000@portflow');
    }
    const [scheduled, rescheduled, cancelled] = invites;
    // R33: attendees by their contact names (ops by its address), each asked to answer.
    expect(scheduled.lines.filter((line) => line.startsWith('ATTENDEE')).map((line) => /;CN="([^"]*)"/.exec(line)?.[1])).toEqual([
      'Jane Roe',
      'Bob Poe',
      OPS_EMAIL,
    ]);
    expect(scheduled.contentType).toMatch(/^text\/calendar;.*method=REQUEST/);
    expect(scheduled.lines).toEqual(expect.arrayContaining(['METHOD:REQUEST', 'SEQUENCE:0', 'DTSTART:20261216T160000Z', 'STATUS:CONFIRMED']));
    expect(scheduled.lines).toContain('LOCATION:https://bridge.example.com/x');
    expect(scheduled.subject).toContain('Port scheduled for Wed 16 Dec 2026 09:00 MST');

    expect(rescheduled.contentType).toMatch(/^text\/calendar;.*method=REQUEST/);
    expect(rescheduled.lines).toEqual(expect.arrayContaining(['METHOD:REQUEST', 'SEQUENCE:1', 'DTSTART:20261217T170000Z']));
    expect(rescheduled.text).toContain('The attached invite replaces the previous one.');

    expect(cancelled.contentType).toMatch(/^text\/calendar;.*method=CANCEL/);
    expect(cancelled.lines).toEqual(expect.arrayContaining(['METHOD:CANCEL', 'SEQUENCE:2', 'STATUS:CANCELLED']));
    expect(cancelled.subject).toContain('Port on Thu 17 Dec 2026 10:00 MST cancelled');
  });

  it('R41: the same message sent twice is delivered once, with the deterministic Message-ID, and recorded as sent', async () => {
    const message = compose({ type: 'mail', template: 'portReminder', to: 'contacts' });
    const first = await mailer.send(message);
    const second = await mailer.send(message);

    expect(first).toEqual({ sent: true, messageId: `<po_01JTESTORDER0000000000000.${entrySeq}.0@example.com>` });
    expect(second).toEqual({ sent: false, messageId: first.messageId });
    expect(sink.received).toHaveLength(1);
    expect(readEmlHeaders(sink.received[0].raw).get('message-id')).toBe(first.messageId);
    const ttl = await redis.ttl(mailer.sentRecordKey(first.messageId));
    expect(ttl).toBeGreaterThan(SENT_RECORD_TTL_SECONDS - 60);
    expect(SENT_RECORD_TTL_SECONDS).toBeGreaterThanOrEqual(7 * 24 * 3600);
  });

  it('R41: a 451 on the first try surfaces as a retryable error; the retry delivers once', async () => {
    const message = compose({ type: 'mail', template: 'readinessRequest', to: 'contacts' });
    sink.refuseNext(1);

    const failure = await mailer.send(message).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MailSendError);
    expect(failure).toMatchObject({ code: 'mail_send_failed', responseCode: 451, permanent: false });
    expect(sink.received).toHaveLength(0);
    expect(await redis.exists(mailer.sentRecordKey(message.messageId))).toBe(0);

    await expect(mailer.send(message)).resolves.toEqual({ sent: true, messageId: message.messageId });
    await expect(mailer.send(message)).resolves.toEqual({ sent: false, messageId: message.messageId });
    expect(sink.received).toHaveLength(1);
  });
});
