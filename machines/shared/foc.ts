import type { Refusal } from '../effects';
import type { OrderContext, Schedule } from '../types';
import { cancelOrder } from './cancellation';
import { mail, refuse } from './declare';
import { assignFrom, type EventOf } from './events';
import { isNearPort, unschedule, type PortScheduling } from './portSchedule';
import { enqueueEffects, orderSetup } from './setup';
import { denverDate, denverMidnightMs, epochMs } from './time';

/** The FOC (firm order commitment) date the losing carrier confirms, and its changes (R27, R28). */

type FocEvent = EventOf<'CONFIRM_FOC' | 'CHANGE_FOC'>;
type ChangeFoc = EventOf<'CHANGE_FOC'>;

const focNotInPast = ({ event }: { event: FocEvent }) => event.focDate >= denverDate(event.at);
const focIsToday = ({ event }: { event: FocEvent }) => event.focDate === denverDate(event.at);

function focInPast(rule: string) {
  return refuse<FocEvent>((_, event): Refusal => {
    const today = denverDate(event.at);
    return {
      code: 'foc_in_past',
      message: `The FOC date ${event.focDate} is before today (${today}, Mountain Time)`,
      rule,
      details: { focDate: event.focDate, today },
    };
  });
}

const recordFoc = assignFrom<FocEvent>((_, event) => ({
  focDate: event.focDate,
  sameDayFoc: event.focDate === denverDate(event.at),
}));

/** CONFIRM_FOC from submitted (us, international). R27: a FOC of today asks for readiness now. */
export const confirmFoc = [
  {
    guard: focIsToday,
    target: 'focConfirmed',
    actions: [recordFoc, mail('sameDayFoc', 'both', (c) => ({ focDate: c.focDate }))],
  },
  {
    guard: focNotInPast,
    target: 'focConfirmed',
    actions: [recordFoc, mail('focConfirmed', 'contacts', (c) => ({ focDate: c.focDate }))],
  },
  { actions: focInPast('R27') },
] as const;

/** Written before `recordFoc` runs, so that it can name the previous date. */
const announceFocChange = mail<ChangeFoc>('focChanged', 'contacts', (context, event) => ({
  focDate: event.focDate,
  previousFocDate: context.focDate,
  reason: event.reason,
}));

/** R28: a FOC change within 48 h of the port puts the port at risk; ops is told. */
const flagNearPort = enqueueEffects<ChangeFoc>(({ context, event, enqueue }) => {
  const schedule = context.schedule as Schedule;
  if (!isNearPort(schedule, event.at)) return;
  enqueue.assign({ atRisk: true });
  enqueue({
    type: 'mail',
    params: {
      template: 'opsFocChangedNearPort',
      to: 'ops',
      data: { focDate: event.focDate, previousFocDate: context.focDate, startAt: schedule.startAt, reason: event.reason },
    },
  });
});

/** R28/R18: the scheduled port would start before 00:00 local of the new FOC date. */
const portBeforeNewFoc = ({ context, event }: { context: OrderContext; event: ChangeFoc }) =>
  epochMs((context.schedule as Schedule).startAt) < denverMidnightMs(event.focDate);

/** CHANGE_FOC while a port is scheduled: unscheduled when it now comes too early. */
export const changeFocWhileScheduled = [
  {
    guard: (args: { context: OrderContext; event: ChangeFoc }) => focNotInPast(args) && portBeforeNewFoc(args),
    target: 'focConfirmed',
    actions: [flagNearPort, announceFocChange, recordFoc, unschedule],
  },
  { guard: focNotInPast, actions: [flagNearPort, announceFocChange, recordFoc] },
  { actions: focInPast('R28') },
] as const;

/** focConfirmed (us, international): waiting for a port date. */
export function focConfirmedState(scheduling: PortScheduling) {
  return orderSetup.createStateConfig({
    on: {
      SCHEDULE: [
        { guard: scheduling.startAllowed, target: 'scheduled', actions: scheduling.bookPort },
        { actions: scheduling.refuseStart },
      ],
      CHANGE_FOC: [{ guard: focNotInPast, actions: [announceFocChange, recordFoc] }, { actions: focInPast('R28') }],
      CANCEL: cancelOrder,
    },
  });
}
