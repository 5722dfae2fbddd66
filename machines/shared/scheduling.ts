import { cancelOrder } from './cancellation';
import { mail } from './declare';
import { assignFrom, type EventOf } from './events';
import { armPortTimers, disarmPortTimers, unschedule, type PortScheduling } from './portSchedule';
import { orderSetup } from './setup';
import { plusMinutes } from './time';
import { armTimers, disarmTimers, forgetFiredTimer, timerFired } from './timers';
import type { windowWatch } from './tollFreeWindow';
import type { OrderContext } from '../types';

const READINESS_OVERDUE_MINUTES = 60; // R35

/** What differs by kind in the states of a scheduled port. */
export interface SchedulingVariant<Extra extends object> {
  /** Where an unscheduled port goes back to: the state that takes SCHEDULE. */
  readyState: 'focConfirmed' | 'released';
  /** Toll-free: the window's timers keep running until the port starts. */
  windowWatch: typeof windowWatch | [];
  /** More events `scheduled` takes (us, international: CHANGE_FOC). */
  scheduledAlsoTakes: Extra;
}

const portTimes = (context: OrderContext) => ({
  startAt: context.schedule?.startAt,
  endAt: context.schedule?.endAt,
  conferenceBridge: context.schedule?.conferenceBridge,
});

/** scheduled and readinessCheck (R33–R35). */
export function schedulingStates<Extra extends object>(scheduling: PortScheduling, variant: SchedulingVariant<Extra>) {
  const reschedule = [
    { guard: scheduling.startAllowed, target: 'scheduled', reenter: true, actions: scheduling.bookPort },
    { actions: scheduling.refuseStart },
  ] as const;

  const scheduled = orderSetup.createStateConfig({
    entry: armPortTimers,
    exit: disarmPortTimers,
    on: {
      ...variant.scheduledAlsoTakes,
      // Re-entering re-arms the port timers for the new start.
      RESCHEDULE: reschedule,
      CANCEL: cancelOrder,
      TIMER: [
        {
          guard: timerFired('portReminder'),
          actions: [forgetFiredTimer, mail('portReminder', 'contacts', portTimes)],
        },
        // R35: a coordinated port waits for the customer to confirm; an auto port just starts.
        {
          guard: (args) => timerFired('windowOpens')(args) && args.context.portType === 'coordinated',
          target: 'readinessCheck',
          actions: [forgetFiredTimer, mail('readinessRequest', 'contacts', portTimes)],
        },
        {
          guard: timerFired('windowOpens'),
          target: 'porting',
          actions: [forgetFiredTimer, mail('portStarted', 'contacts', portTimes)],
        },
        ...variant.windowWatch,
      ],
    },
  });

  const readinessCheck = orderSetup.createStateConfig({
    entry: armTimers((_, stamp) => [
      { timer: 'readinessOverdue', dueAt: plusMinutes(stamp.at, READINESS_OVERDUE_MINUTES) },
    ]),
    exit: disarmTimers(['readinessOverdue']),
    on: {
      CONFIRM_READY: {
        target: 'porting',
        actions: [
          assignFrom<EventOf<'CONFIRM_READY'>>((_, event) => ({
            readiness: { confirmedBy: event.confirmedBy, at: event.at },
          })),
          mail('portStarted', 'contacts', portTimes),
        ],
      },
      NOT_READY: {
        target: variant.readyState,
        // The invite's cancellation, with the reason in its text, is the one message about it.
        actions: [unschedule],
      },
      RESCHEDULE: reschedule,
      CANCEL: cancelOrder,
      TIMER: [
        {
          guard: timerFired('readinessOverdue'),
          actions: [forgetFiredTimer, mail('opsReadinessOverdue', 'ops', portTimes)],
        },
        ...variant.windowWatch,
      ],
    },
  });

  return { scheduled, readinessCheck };
}
