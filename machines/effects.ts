/**
 * Effects: what a transition asks the world to do. Machines declare them as named actions with
 * params; `runEvent` turns those into this plain union, and the engine writes each one to the
 * outbox in the same atomic commit as the new snapshot (SPEC §4, R38, R41). Workers carry them out.
 */

/** Every durable timer of SPEC §3.6. The machine event fed back is `TIMER` with this name. */
export const timerNames = [
  'draftReminder', // a draft untouched for 5 business days
  'rejectionReminder', // a rejection not resubmitted within 2 business days
  'carrierResponseDue', // R21/R23: no FOC/release/rejection by the late end of the range
  'portReminder', // R34: 24 h before the port
  'windowOpens', // R35: the port window opens
  'readinessOverdue', // R35: readiness request unanswered for 60 minutes
  'portingOverdue', // R36: porting for more than 60 minutes
  'tollFreeWindowReminder14', // R30: 14, 7, 3 and 1 days before the window ends
  'tollFreeWindowReminder7',
  'tollFreeWindowReminder3',
  'tollFreeWindowReminder1',
  'tollFreeWindowExpired', // R30: the 30-day window ended before the port started
] as const;
export type TimerName = (typeof timerNames)[number];

/** Every notice the machines send (SPEC §3.5, issue 4's list). The mail worker owns their wording. */
export const mailTemplates = [
  'submitted',
  'rejected',
  'resubmitted',
  'focConfirmed',
  'sameDayFoc',
  'focChanged',
  'scheduled',
  'rescheduled',
  'unscheduled',
  'portReminder',
  'readinessRequest',
  'portStarted',
  'portCompleted',
  'partialPort',
  'numbersReleased',
  'testCallsFailed',
  'completed',
  'tollFreeReleased',
  'tollFreeWindowReminder',
  'dropped',
  'cancelled',
  'draftReminder',
  'rejectionReminder',
  'opsCarrierResponseOverdue',
  'opsReadinessOverdue',
  'opsPortingOverdue',
  'opsFocChangedNearPort',
  'opsDropped',
  // R60: a customer-visible note from the desk (sent by the note system, never by a machine).
  'customerNote',
] as const;
export type MailTemplate = (typeof mailTemplates)[number];

export type Recipients = 'contacts' | 'ops' | 'both';

export type Effect =
  /** A notice by e-mail. `data` holds template variables (never a PIN). */
  | { type: 'mail'; template: MailTemplate; to: Recipients; data?: Record<string, unknown> }
  /** A meeting invite for the port window (R33): one stable UID per order, SEQUENCE as given. */
  | {
      type: 'invite';
      method: 'REQUEST' | 'CANCEL';
      sequence: number;
      startAt: string;
      endAt: string;
      conferenceBridge: string | null;
      /** Why a CANCEL takes the port off the books (NOT_READY, CHANGE_FOC, CANCEL): its text says so. */
      reason?: string;
    }
  /** Arm a durable timer: a BullMQ delayed job with id `<order>:<timer>:<visit>` due at `dueAt` (UTC ISO). */
  | { type: 'armTimer'; timer: TimerName; visit: number; dueAt: string }
  /** Best-effort removal of a timer that is no longer wanted (the visit token guards against a late one anyway). */
  | { type: 'cancelTimer'; timer: TimerName; visit: number }
  /** R19: take one coordinated-port place in the 15-minute slot starting at `startAt` (checked atomically). */
  | { type: 'reserveSlot'; startAt: string }
  /** Give the place back (reschedule, unschedule, cancel). */
  | { type: 'releaseSlot'; startAt: string }
  /** R37: run test calls on these numbers through the configured provider. */
  | { type: 'testCalls'; numbers: string[] };

export type EffectType = Effect['type'];

/**
 * A guard that said no, with the reason. Not an effect: a transition that declares a refusal
 * changes nothing; the engine answers 422 `rule_violation` with `code` and `details`.
 */
export interface Refusal {
  code: string;
  message: string;
  rule: string;
  details?: Record<string, unknown>;
}
