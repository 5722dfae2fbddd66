import type { Calendar } from '../src/calendar/types';
import type { OrderKind, StoredOrderInput } from '../src/orders/orderInput';
import type { RejectionReasonCode } from '../src/orders/rejectionCatalog';
import type { TimerName } from './effects';

/**
 * The machine context IS the order: the engine persists the XState snapshot (value + context)
 * and builds the public view from it. Everything here is JSON (it round-trips through Redis).
 */

export type NumberStatus = 'pending' | 'ported' | 'notReleased' | 'excluded';

export interface NumberState {
  number: string;
  status: NumberStatus;
}

export interface Schedule {
  startAt: string; // UTC ISO
  endAt: string; // startAt + port window minutes
  offHours: boolean;
  offHoursFee: boolean;
  acknowledgeRisk: boolean;
  warnings: string[];
  conferenceBridge: string | null;
  /** Whether this port holds a place in the slot's capacity (coordinated ports only, R19). */
  holdsSlot: boolean;
}

export interface Rejection {
  reason: string;
  code: string | null;
  /** R64: the catalog's reason code and the words for the customer (absent on rejections stored before R64). */
  reasonCode?: string | null;
  hint?: string | null;
  fields: string[];
  at: string;
}

export interface TestCallResult {
  number: string;
  passed: boolean;
  detail?: string | null;
}

export interface OrderContext {
  id: string;
  kind: OrderKind;
  projectId: string | null;
  order: StoredOrderInput;
  /** R1.4 derived at create/UPDATE by the engine (needs configuration). */
  project: boolean;
  portType: 'auto' | 'coordinated';
  numbers: NumberState[];
  focDate: string | null;
  sameDayFoc: boolean;
  atRisk: boolean;
  schedule: Schedule | null;
  /** R33: SEQUENCE of the last invite sent for this order's UID; -1 before the first one. */
  inviteSequence: number;
  window: { releasedAt: string; endsAt: string } | null;
  rejectionCount: number;
  lastRejection: Rejection | null;
  /** R26: an UPDATE happened since the last rejection. */
  changedSinceRejection: boolean;
  /** The latest SUBMIT or RESUBMIT (the SLA clock, R21). */
  submittedAt: string | null;
  readiness: { confirmedBy: string; at: string } | null;
  testResults: TestCallResult[] | null;
  /** Armed durable timers: name → the visit token they were armed with (SPEC §3.6). */
  timers: Partial<Record<TimerName, number>>;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the engine hands the machine at creation (`initialTransition(machine, input)`). */
export interface OrderMachineInput {
  id: string;
  kind: OrderKind;
  projectId: string | null;
  order: StoredOrderInput;
  project: boolean;
  portType: 'auto' | 'coordinated';
  /** Creation time (UTC ISO); also the visit token base for timers armed at creation. */
  at: string;
  seq: number;
}

/**
 * Every event carries the engine's stamp: `at` (UTC ISO "now" from the one clock) and `seq`
 * (the version this transition will produce, used as the visit token of timers it arms).
 */
interface Stamp {
  at: string;
  seq: number;
}

export type OrderEvent = Stamp &
  (
    | {
        type: 'UPDATE';
        /** The merged, re-validated order (PIN already encrypted) and what derives from it. */
        order: StoredOrderInput;
        project: boolean;
        portType: 'auto' | 'coordinated';
      }
    | { type: 'SUBMIT' }
    | { type: 'REJECT'; reason: string; code?: string | null; reasonCode?: RejectionReasonCode; fields?: string[] }
    | { type: 'RESUBMIT' }
    | { type: 'CONFIRM_FOC'; focDate: string }
    | { type: 'RELEASE'; releasedAt?: string | null }
    | { type: 'CHANGE_FOC'; focDate: string; reason: string }
    | {
        type: 'SCHEDULE' | 'RESCHEDULE';
        startAt: string;
        offHours?: boolean;
        acknowledgeRisk?: boolean;
        conferenceBridge?: string | null;
      }
    | { type: 'CONFIRM_READY'; confirmedBy: string }
    | { type: 'NOT_READY'; reason: string }
    | { type: 'PORT_COMPLETED'; notReleased?: string[] }
    | { type: 'NUMBERS_RELEASED'; numbers: string[] }
    /**
     * Extension (not in SPEC §3.1): ops gives up on numbers the losing carrier will not release, so a
     * partially ported order can go on to testing with the rest. Those numbers become `excluded` (R29).
     */
    | { type: 'EXCLUDE_NUMBERS'; numbers: string[]; reason: string }
    | { type: 'TEST_CALLS_PASSED' | 'TEST_CALLS_FAILED'; results: TestCallResult[] }
    | { type: 'RETEST' }
    | { type: 'CANCEL'; reason: string }
    /** Sent only by the timer worker; ignored unless `visit` matches the armed token. */
    | { type: 'TIMER'; timer: TimerName; visit: number }
  );

export type OrderEventType = OrderEvent['type'];

/** Settings the machines need; pure values, no I/O. */
export interface MachineDeps {
  calendar: Calendar;
  /** Length of the port window in the invite (R33), minutes. Default 30. */
  portWindowMinutes: number;
}

/** Top-level states (the public contract, `order.state`). */
export const orderStates = [
  'draft',
  'submitted',
  'rejected',
  'focConfirmed',
  'released',
  'scheduled',
  'readinessCheck',
  'porting',
  'partiallyPorted',
  'testing',
  'testFailed',
  'completed',
  'cancelled',
  'dropped',
] as const;
export type OrderState = (typeof orderStates)[number];
export const finalStates: readonly OrderState[] = ['completed', 'cancelled', 'dropped'];
