import type { NumberState, NumberStatus, OrderContext } from '../types';
import { mail, refuse } from './declare';
import { assignFrom, type EventOf } from './events';
import { orderSetup } from './setup';
import { plusMinutes } from './time';
import { armTimers, disarmTimers, forgetFiredTimer, timerFired } from './timers';
import { windowTimerNames } from './tollFreeWindow';

const PORTING_OVERDUE_MINUTES = 60; // R36

type PortCompleted = EventOf<'PORT_COMPLETED'>;
type SettleNumbers = EventOf<'NUMBERS_RELEASED' | 'EXCLUDE_NUMBERS'>;
type Guarded<E> = { context: OrderContext; event: E };

/** Numbers an event names, as it names them (PORT_COMPLETED's are optional). */
const namedNumbers = (event: PortCompleted | SettleNumbers): readonly string[] =>
  event.type === 'PORT_COMPLETED' ? (event.notReleased ?? []) : event.numbers;

/** R29: an event may only speak of the order's own numbers. */
const namesOnlyOwnNumbers = ({ context, event }: Guarded<PortCompleted | SettleNumbers>) => {
  const named = namedNumbers(event);
  if (named.length === 0) return true;
  const own = new Set(context.numbers.map((n) => n.number));
  return named.every((number) => own.has(number));
};

const refuseUnknownNumbers = refuse<PortCompleted | SettleNumbers>((context, event) => {
  const own = new Set(context.numbers.map((n) => n.number));
  const unknown = namedNumbers(event).filter((number) => !own.has(number));
  return {
    code: 'unknown_numbers',
    message: `Not numbers of this order: ${unknown.join(', ')}`,
    rule: 'R29',
    details: { numbers: unknown },
  };
});

const statusesAfterPort = assignFrom<PortCompleted>((context, event) => {
  const notReleased = new Set(event.notReleased ?? []);
  return {
    numbers: context.numbers.map(({ number }) => ({
      number,
      status: notReleased.has(number) ? ('notReleased' as const) : ('ported' as const),
    })),
  };
});

export const numbersWith = (numbers: NumberState[], status: NumberStatus) =>
  numbers.filter((n) => n.status === status).map((n) => n.number);

/** The numbers an event settles (released: ported; given up: excluded); only `notReleased` ones change. */
function settleNumbers(status: 'ported' | 'excluded') {
  return assignFrom<SettleNumbers>((context, event) => {
    const settled = new Set(event.numbers);
    return {
      numbers: context.numbers.map((n) =>
        n.status === 'notReleased' && settled.has(n.number) ? { number: n.number, status } : n,
      ),
    };
  });
}

/** The event settles every number still waiting for the losing carrier: the order moves on to testing. */
const settlesTheRest = ({ context, event }: Guarded<SettleNumbers>) => {
  const settled = new Set(event.numbers);
  return context.numbers.every((n) => n.status !== 'notReleased' || settled.has(n.number));
};

function settlement(status: 'ported' | 'excluded', notice: ReturnType<typeof mail<SettleNumbers>>[]) {
  return [
    {
      guard: (args: Guarded<SettleNumbers>) => namesOnlyOwnNumbers(args) && settlesTheRest(args),
      target: 'testing',
      actions: [settleNumbers(status), ...notice],
    },
    { guard: namesOnlyOwnNumbers, actions: [settleNumbers(status), ...notice] },
    { actions: refuseUnknownNumbers },
  ] as const;
}

const numbersReleasedNotice = mail<SettleNumbers>('numbersReleased', 'contacts', (context, event) => ({
  numbers: event.numbers,
  stillNotReleased: numbersWith(context.numbers, 'notReleased'),
}));

/** porting and partiallyPorted (R29, R36). */
export const porting = orderSetup.createStateConfig({
  // Once the port has started, the toll-free window no longer matters.
  entry: [
    disarmTimers(windowTimerNames),
    armTimers((_, stamp) => [{ timer: 'portingOverdue', dueAt: plusMinutes(stamp.at, PORTING_OVERDUE_MINUTES) }]),
  ],
  exit: disarmTimers(['portingOverdue']),
  on: {
    PORT_COMPLETED: [
      {
        guard: (args: Guarded<PortCompleted>) => namesOnlyOwnNumbers(args) && (args.event.notReleased ?? []).length > 0,
        target: 'partiallyPorted',
        actions: [
          statusesAfterPort,
          mail('partialPort', 'both', (c) => ({
            ported: numbersWith(c.numbers, 'ported'),
            notReleased: numbersWith(c.numbers, 'notReleased'),
          })),
        ],
      },
      {
        guard: namesOnlyOwnNumbers,
        target: 'testing',
        actions: [statusesAfterPort, mail('portCompleted', 'contacts', (c) => ({ ported: numbersWith(c.numbers, 'ported') }))],
      },
      { actions: refuseUnknownNumbers },
    ],
    TIMER: {
      guard: timerFired('portingOverdue'),
      actions: [forgetFiredTimer, mail('opsPortingOverdue', 'ops', (c) => ({ startAt: c.schedule?.startAt }))],
    },
  },
});

export const partiallyPorted = orderSetup.createStateConfig({
  on: {
    NUMBERS_RELEASED: settlement('ported', [numbersReleasedNotice]),
    // Extension: ops gives up on numbers the losing carrier will not release.
    EXCLUDE_NUMBERS: settlement('excluded', []),
  },
});
