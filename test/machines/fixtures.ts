import { DEFAULT_LEAD_TIMES } from '../../src/config/config';
import { PortingCalendar } from '../../src/calendar/PortingCalendar';
import type { OrderKind, StoredOrderInput } from '../../src/orders/orderInput';
import type { Effect } from '../../machines/effects';
import type { OrderEvent, OrderMachineInput } from '../../machines/types';
import {
  createOrderMachines,
  runEvent,
  startOrder,
  type OrderMachine,
  type PersistedOrder,
  type RunResult,
} from '../../machines/runEvent';

/** The real calendar with the development defaults (SPEC §6). */
export const calendar = new PortingCalendar({
  extraClosedDays: [],
  slotCapacity: 4,
  internationalLeadTimes: DEFAULT_LEAD_TIMES,
  defaultInternationalLeadDays: 15,
});
export const machines = createOrderMachines({ calendar, portWindowMinutes: 30 });

const numbersOf: Record<OrderKind, string[]> = {
  us: ['+13034561234', '+13034561235'],
  tollFree: ['+18005550100', '+18885550101'],
  international: ['+442079460000', '+442079460001'],
};

/** An order with every document on file (it passes R25 for any kind and country). */
export function orderOf(kind: OrderKind, changes: Partial<StoredOrderInput> = {}): StoredOrderInput {
  return {
    kind,
    country: kind === 'international' ? 'GB' : 'US',
    numbers: numbersOf[kind],
    losingCarrier: 'Acme Telco',
    account: {
      companyName: 'Example Dental LLC',
      authorizedApprover: 'Jane Roe',
      billingTelephoneNumber: kind === 'us' ? '+13034561200' : null,
      accountNumber: '778812',
      pinCiphertext: 'v1:cipher',
      serviceAddress: { line1: '1 Main St', line2: null, city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' },
    },
    newBillingTelephoneNumber: null,
    requestedFocDate: null,
    documents: {
      csrRequested: true,
      billCopyOnFile: true,
      loaSigned: true,
      invoiceOnFile: true,
      idOnFile: true,
      portingCodeOnFile: true,
    },
    contacts: [{ name: 'Jane Roe', email: 'jane@example.com' }],
    customerReference: null,
    ...changes,
  };
}

export function inputOf(kind: OrderKind, at: string, changes: Partial<OrderMachineInput> = {}): OrderMachineInput {
  return {
    id: `po_test_${kind}`,
    kind,
    projectId: null,
    order: orderOf(kind),
    project: false,
    portType: 'coordinated',
    at,
    seq: 1,
    ...changes,
  };
}

type Payload<E> = E extends OrderEvent ? Omit<E, 'at' | 'seq'> : never;
export type EventPayload = Payload<OrderEvent>;

/**
 * An order driven step by step, as the engine would: each event gets the next seq and an `at`
 * (the current `now`, which a test moves with `at()`). Refused and unaccepted events keep the version.
 */
export class OrderDriver {
  order: PersistedOrder;
  seq = 1;
  now: string;
  last: RunResult | null = null;
  readonly machine: OrderMachine;

  constructor(kind: OrderKind, now: string, changes: Partial<OrderMachineInput> = {}) {
    this.machine = machines[kind];
    this.now = now;
    this.order = startOrder(this.machine, inputOf(kind, now, changes)).snapshot;
  }

  at(now: string): this {
    this.now = now;
    return this;
  }

  send(payload: EventPayload): RunResult {
    const event = { ...payload, at: this.now, seq: this.seq + 1 } as OrderEvent;
    const result = runEvent(this.machine, this.order, event);
    if (result.accepted) {
      this.order = result.next;
      this.seq += 1;
    }
    this.last = result;
    return result;
  }

  /** Sends the TIMER event of a timer that is armed now. */
  fire(timer: Parameters<typeof timerVisit>[1]): RunResult {
    return this.send({ type: 'TIMER', timer, visit: timerVisit(this.order, timer) });
  }

  get state(): string {
    return this.order.value as string;
  }

  get context() {
    return this.order.context;
  }
}

export function timerVisit(order: PersistedOrder, timer: keyof PersistedOrder['context']['timers']): number {
  const visit = order.context.timers[timer];
  if (visit === undefined) throw new Error(`timer ${timer} is not armed in ${String(order.value)}`);
  return visit;
}

/** The effects of one type, narrowed. */
export function effectsOf<T extends Effect['type']>(result: RunResult, type: T): Extract<Effect, { type: T }>[] {
  return result.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** "template→recipients" of every mail a transition sends. */
export function mailsOf(result: RunResult): string[] {
  return effectsOf(result, 'mail').map((m) => `${m.template}→${m.to}`);
}

/** Tuesday 2026-12-01 10:00 Mountain (MST, UTC−7): the default "now" of these tests. */
export const TUESDAY = '2026-12-01T17:00:00Z';
/** A FOC the following Tuesday, and standard slots after it (Wednesday/Thursday 09:00 MST). */
export const FOC = '2026-12-08';
export const WEDNESDAY_9AM = '2026-12-09T16:00:00Z';
export const THURSDAY_9AM = '2026-12-10T16:00:00Z';

/** An order of `kind` driven to the state that takes SCHEDULE (focConfirmed, or released for toll-free). */
export function readyToSchedule(kind: OrderKind, changes: Partial<OrderMachineInput> = {}): OrderDriver {
  const driver = new OrderDriver(kind, TUESDAY, changes);
  driver.send({ type: 'SUBMIT' });
  driver.send(kind === 'tollFree' ? { type: 'RELEASE' } : { type: 'CONFIRM_FOC', focDate: FOC });
  return driver;
}

export function scheduledOrder(kind: OrderKind, changes: Partial<OrderMachineInput> = {}): OrderDriver {
  const driver = readyToSchedule(kind, changes);
  driver.send({ type: 'SCHEDULE', startAt: WEDNESDAY_9AM });
  return driver;
}

/** Through the port window to `porting` (a coordinated port confirms readiness). */
export function portingOrder(kind: OrderKind, changes: Partial<OrderMachineInput> = {}): OrderDriver {
  const driver = scheduledOrder(kind, changes).at(WEDNESDAY_9AM);
  driver.fire('windowOpens');
  if (driver.state === 'readinessCheck') driver.send({ type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
  return driver;
}
