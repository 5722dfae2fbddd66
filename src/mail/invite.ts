import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { parseMailbox } from './address';

/**
 * R33: the meeting invite for the port window. One UID per order, so every calendar client
 * updates (or removes) the same event; SEQUENCE orders the updates. Times are written in UTC (Z)
 * so no VTIMEZONE is needed; RFC 5545 folding and escaping are ical-generator's job.
 */

export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteAttendee {
  name: string;
  email: string;
}

export interface InviteInput {
  orderId: string;
  method: InviteMethod;
  sequence: number;
  startAt: string;
  endAt: string;
  conferenceBridge: string | null;
  /** MAIL_FROM: `Name <address>` or a bare address. */
  organizer: string;
  /** `name` becomes the attendee's CN, what calendar clients show. */
  attendees: InviteAttendee[];
  summary: string;
  description: string;
  /** UTC ISO; passed in so that a rebuilt invite is byte-identical (no clock reads here). */
  dtstamp: string;
}

/** The stable UID of an order's port-window event. */
export function inviteUid(orderId: string): string {
  return `${orderId}@portflow`;
}

/** Which notice carries the invite's text part (R33: "the text part says the same in words"). */
export function inviteTemplateFor(method: InviteMethod, sequence: number): 'scheduled' | 'rescheduled' | 'unscheduled' {
  if (method === 'CANCEL') return 'unscheduled';
  return sequence === 0 ? 'scheduled' : 'rescheduled';
}

export function buildInvite(input: InviteInput): string {
  const organizer = parseMailbox(input.organizer);
  const calendar = ical({
    prodId: { company: 'portflow', product: 'portflow', language: 'EN' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: inviteUid(input.orderId),
    sequence: input.sequence,
    stamp: new Date(input.dtstamp),
    start: new Date(input.startAt),
    end: new Date(input.endAt),
    summary: input.summary,
    description: withBridge(input.description, input.conferenceBridge),
    location: input.conferenceBridge ?? undefined,
    organizer: { name: organizer.name ?? organizer.address, email: organizer.address },
    attendees: input.attendees.map(({ name, email }) => ({
      email,
      name,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      // Asks for an answer: without it Outlook and Gmail show no accept/decline buttons.
      rsvp: true,
    })),
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // RFC 5545 §3.1: every content line ends with CRLF, the last one too (ical-generator leaves it off).
  return `${calendar.toString()}\r\n`;
}

/** The invite's text part usually names the bridge already; add it only when it does not. */
function withBridge(description: string, conferenceBridge: string | null): string {
  if (!conferenceBridge || description.includes(conferenceBridge)) return description;
  return `${description}\n\nConference bridge: ${conferenceBridge}`;
}
