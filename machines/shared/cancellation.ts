import { timerNames } from '../effects';
import { mail } from './declare';
import { assignFrom, type EventOf } from './events';
import { unschedule } from './portSchedule';
import { orderSetup } from './setup';
import { disarmTimers } from './timers';

/** CANCEL from any state before porting: a scheduled port is taken off the books first (R33). */
export const cancelOrder = {
  target: 'cancelled',
  actions: [
    unschedule,
    assignFrom<EventOf<'CANCEL'>>((_, event) => ({ cancelReason: event.reason })),
    mail<EventOf<'CANCEL'>>('cancelled', 'contacts', (_, event) => ({ reason: event.reason })),
  ],
} as const;

/** An order that ended leaves no timer behind, whichever state it ended from. */
export const disarmAllTimers = disarmTimers(timerNames);

export const cancelledState = orderSetup.createStateConfig({ type: 'final', entry: disarmAllTimers });
