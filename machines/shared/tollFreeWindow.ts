import type { TimerName } from '../effects';
import type { OrderContext } from '../types';
import { cancelOrder, disarmAllTimers } from './cancellation';
import { mail } from './declare';
import { assignFrom, type EventOf } from './events';
import { unschedule, type PortScheduling } from './portSchedule';
import { orderSetup } from './setup';
import { epochMs, plusDenverDays, utcIso } from './time';
import { armTimers, forgetFiredTimer, timerFired } from './timers';

/** R30: toll-free numbers released by the losing carrier must be ported within 30 calendar days. */
const WINDOW_DAYS = 30;

const reminders = [
  { timer: 'tollFreeWindowReminder14', daysLeft: 14 },
  { timer: 'tollFreeWindowReminder7', daysLeft: 7 },
  { timer: 'tollFreeWindowReminder3', daysLeft: 3 },
  { timer: 'tollFreeWindowReminder1', daysLeft: 1 },
] as const;

/** The timers that watch the window: disarmed when the port starts (or the order ends). */
export const windowTimerNames: readonly TimerName[] = [...reminders.map((r) => r.timer), 'tollFreeWindowExpired'];

/** RELEASE from submitted: the window opens at the release, whenever the carrier says that was. */
export const releaseNumbers = {
  target: 'released',
  actions: [
    assignFrom<EventOf<'RELEASE'>>((_, event) => {
      const releasedAt = event.releasedAt ? utcIso(event.releasedAt) : event.at;
      return { window: { releasedAt, endsAt: plusDenverDays(releasedAt, WINDOW_DAYS) } };
    }),
    // A release reported late may leave some reminders in the past: those are not sent.
    armTimers((context, stamp) => {
      const endsAt = (context.window as NonNullable<OrderContext['window']>).endsAt;
      const now = epochMs(stamp.at);
      const plan = reminders
        .map(({ timer, daysLeft }) => ({ timer, dueAt: plusDenverDays(endsAt, -daysLeft) }))
        .filter(({ dueAt }) => epochMs(dueAt) > now);
      return [...plan, { timer: 'tollFreeWindowExpired', dueAt: endsAt }];
    }),
    mail('tollFreeReleased', 'contacts', (c) => ({ ...c.window })),
  ],
} as const;

/** The window's timers as they fire in released, scheduled and readinessCheck. */
export const windowWatch = [
  ...reminders.map(({ timer, daysLeft }) => ({
    guard: timerFired(timer),
    actions: [
      forgetFiredTimer,
      mail('tollFreeWindowReminder', 'both', (c) => ({ daysLeft, windowEndsAt: c.window?.endsAt })),
    ],
  })),
  {
    guard: timerFired('tollFreeWindowExpired'),
    target: 'dropped',
    actions: [
      forgetFiredTimer,
      unschedule,
      mail('dropped', 'contacts', (c) => ({ windowEndsAt: c.window?.endsAt })),
      mail('opsDropped', 'ops', (c) => ({ windowEndsAt: c.window?.endsAt })),
    ],
  },
];

/** released (toll-free): the window runs, waiting for a port date. */
export function releasedState(scheduling: PortScheduling) {
  return orderSetup.createStateConfig({
    on: {
      SCHEDULE: [
        { guard: scheduling.startAllowed, target: 'scheduled', actions: scheduling.bookPort },
        { actions: scheduling.refuseStart },
      ],
      CANCEL: cancelOrder,
      TIMER: windowWatch,
    },
  });
}

/** Final: the window ended before the port started; the numbers may no longer work. */
export const droppedState = orderSetup.createStateConfig({ type: 'final', entry: disarmAllTimers });
