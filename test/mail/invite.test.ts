import { buildInvite, inviteTemplateFor, type InviteInput } from '../../src/mail/invite';
import { buildMessage, messageIdFor } from '../../src/mail/message';
import { renderNotice } from '../../src/mail/templates';
import { icsLines } from '../../src/mail/mimeParts';
import { orderFixture } from './orderFixture';

const request: InviteInput = {
  orderId: 'po_01JTESTORDER0000000000000',
  method: 'REQUEST',
  sequence: 0,
  startAt: '2026-12-16T16:00:00.000Z',
  endAt: '2026-12-16T16:30:00.000Z',
  conferenceBridge: 'https://bridge.example.com/po-1182',
  organizer: 'portflow <portflow@example.com>',
  attendees: [
    { name: 'Jane Roe', email: 'jane@example.com' },
    { name: 'porting-ops@example.net', email: 'porting-ops@example.net' },
  ],
  summary: 'Port window; Example Dental, LLC',
  description: 'Port scheduled.',
  dtstamp: '2026-12-10T15:04:05.000Z',
};

describe('meeting invite (R33)', () => {
  it('R33: a REQUEST carries the stable UID, SEQUENCE, UTC times, organizer, attendees and the bridge', () => {
    const lines = icsLines(buildInvite(request));
    expect(lines).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        'UID:po_01JTESTORDER0000000000000@portflow',
        'SEQUENCE:0',
        'DTSTAMP:20261210T150405Z',
        'DTSTART:20261216T160000Z',
        'DTEND:20261216T163000Z',
        'LOCATION:https://bridge.example.com/po-1182',
        'DESCRIPTION:Port scheduled.\\n\\nConference bridge: https://bridge.example.com/po-1182',
        'SUMMARY:Port window\\; Example Dental\\, LLC',
        'ORGANIZER;CN="portflow":mailto:portflow@example.com',
        'STATUS:CONFIRMED',
      ]),
    );
    expect(lines.filter((line) => line.startsWith('ATTENDEE')).map((line) => line.replace(/^.*MAILTO:/i, ''))).toEqual([
      'jane@example.com',
      'porting-ops@example.net',
    ]);
  });

  it('R33: every ATTENDEE has its CN and RSVP=TRUE (clients show a name and accept/decline buttons)', () => {
    const attendees = icsLines(buildInvite(request)).filter((line) => line.startsWith('ATTENDEE'));
    expect(attendees).toHaveLength(2);
    for (const line of attendees) expect(line).toMatch(/;RSVP=TRUE[;:]/);
    expect(attendees[0]).toMatch(/;CN="Jane Roe":mailto:jane@example.com$/i);
    expect(attendees[1]).toMatch(/;CN="porting-ops@example.net":mailto:porting-ops@example.net$/i);
  });

  it('R33: the .ics ends with CRLF, like every line of it (RFC 5545 §3.1)', () => {
    const ics = buildInvite(request);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('R33: a CANCEL keeps the UID, takes the given SEQUENCE and says STATUS:CANCELLED', () => {
    const lines = icsLines(buildInvite({ ...request, method: 'CANCEL', sequence: 2, conferenceBridge: null }));
    expect(lines).toEqual(
      expect.arrayContaining(['METHOD:CANCEL', 'UID:po_01JTESTORDER0000000000000@portflow', 'SEQUENCE:2', 'STATUS:CANCELLED']),
    );
    expect(lines.some((line) => line.startsWith('LOCATION'))).toBe(false);
  });

  it('R33: the same input builds the same bytes (no clock read), so a retried job sends the same invite', () => {
    expect(buildInvite(request)).toBe(buildInvite({ ...request }));
  });

  it('R33: an organizer without a display name is accepted, a non-address is refused', () => {
    expect(icsLines(buildInvite({ ...request, organizer: 'portflow@example.com' }))).toContain(
      'ORGANIZER;CN="portflow@example.com":mailto:portflow@example.com',
    );
    expect(() => buildInvite({ ...request, organizer: 'portflow' })).toThrow(expect.objectContaining({ code: 'mail_invalid_address' }));
  });

  it('R33: the text part is the scheduled, rescheduled or unscheduled notice', () => {
    expect([inviteTemplateFor('REQUEST', 0), inviteTemplateFor('REQUEST', 1), inviteTemplateFor('CANCEL', 2)]).toEqual([
      'scheduled',
      'rescheduled',
      'unscheduled',
    ]);
  });

  it('R41, R33: the Message-ID is derived from the outbox entry id, its right side the domain of MAIL_FROM', () => {
    expect(messageIdFor('po_01JTESTORDER0000000000000:7:0', 'portflow <portflow@example.com>')).toBe('<po_01JTESTORDER0000000000000.7.0@example.com>');
    expect(messageIdFor('po_1:2:0', 'ops@mail.example.org')).toBe('<po_1.2.0@mail.example.org>');
    const message = buildMessage({
      orderId: request.orderId,
      outboxEntryId: `${request.orderId}:7:0`,
      template: 'scheduled',
      to: request.attendees.map((attendee) => attendee.email),
      rendered: renderNotice('scheduled', orderFixture(), {}),
      ics: buildInvite(request),
      icsMethod: 'REQUEST',
      from: request.organizer,
    });
    expect(message.messageId).toBe('<po_01JTESTORDER0000000000000.7.0@example.com>');
    // R33: the invite as a text/calendar body and a text/calendar attachment, never application/ics.
    const contentType = 'text/calendar; charset=utf-8; method=REQUEST';
    expect(message.alternatives).toEqual([{ contentType, content: expect.stringContaining('METHOD:REQUEST') }]);
    expect(message.attachments).toEqual([{ filename: 'invite.ics', contentType, content: expect.stringContaining('METHOD:REQUEST') }]);
  });
});
