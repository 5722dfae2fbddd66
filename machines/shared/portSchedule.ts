import { DateTime } from 'luxon';
import type { CalendarAnswer } from '../../src/calendar/types';
import type { MachineDeps, OrderContext, Schedule } from '../types';
import { refuse } from './declare';
import { enqueueEffects } from './setup';
import type { EventOf } from './events';
import { epochMs, plusMinutes, utcIso } from './time';
import { armTimers, disarmTimers } from './timers';

type ScheduleEvent = EventOf<'SCHEDULE' | 'RESCHEDULE'>;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * R32/R33: SCHEDULE and RESCHEDULE. The calendar decides (slot_full is left to the store, which
 * reserves atomically); the invite is the notice. One instance per machine: it remembers the last
 * calendar answer so the guard and the action that follows it do not ask twice.
 */
export function portScheduling(deps: MachineDeps) {
  let last: { event: ScheduleEvent; focDate: string | null; windowEnd: string | null; answer: CalendarAnswer } | null =
    null;

  /** The answer depends only on the event and on the FOC date and window end, so those key the memo. */
  function checkRequestedStart(context: OrderContext, event: ScheduleEvent): CalendarAnswer {
    const windowEnd = context.window?.endsAt ?? null;
    if (last && last.event === event && last.focDate === context.focDate && last.windowEnd === windowEnd) {
      return last.answer;
    }
    const answer = deps.calendar.checkPortStart(DateTime.fromISO(event.startAt, { zone: 'utc' }), {
      offHours: event.offHours ?? false,
      acknowledgeRisk: event.acknowledgeRisk ?? false,
      focDate: context.focDate,
      windowEnd,
      asOf: DateTime.fromISO(event.at, { zone: 'utc' }),
    });
    last = { event, focDate: context.focDate, windowEnd, answer };
    return answer;
  }

  const startAllowed = ({ context, event }: { context: OrderContext; event: ScheduleEvent }) =>
    checkRequestedStart(context, event).allowed;

  const refuseStart = refuse<ScheduleEvent>((context, event) => {
    const answer = checkRequestedStart(context, event);
    return { code: answer.code, message: answer.reason, rule: 'R32', details: { ...answer } };
  });

  /** Books the port: frees the old slot first (reschedule), takes the new one, sends the invite. */
  const bookPort = enqueueEffects<ScheduleEvent>(({ context, event, enqueue }) => {
    const answer = checkRequestedStart(context, event);
    const previous = context.schedule;
    if (previous?.holdsSlot) enqueue({ type: 'releaseSlot', params: { startAt: previous.startAt } });
    const startAt = utcIso(event.startAt);
    const schedule: Schedule = {
      startAt,
      endAt: plusMinutes(startAt, deps.portWindowMinutes),
      offHours: answer.offHoursFee,
      offHoursFee: answer.offHoursFee,
      acknowledgeRisk: event.acknowledgeRisk ?? false,
      warnings: answer.warnings,
      // R33: a RESCHEDULE keeps the bridge unless it gives another; `null` removes it.
      conferenceBridge: event.conferenceBridge === undefined ? (previous?.conferenceBridge ?? null) : event.conferenceBridge,
      // R19: only coordinated ports in standard hours take a place in the slot's capacity.
      holdsSlot: context.portType === 'coordinated' && answer.standardHours,
    };
    const sequence = context.inviteSequence + 1;
    if (schedule.holdsSlot) enqueue({ type: 'reserveSlot', params: { startAt } });
    enqueue({ type: 'invite', params: inviteOf(schedule, 'REQUEST', sequence) });
    enqueue.assign({ schedule, inviteSequence: sequence });
  });

  return { startAllowed, refuseStart, bookPort };
}

function inviteOf(schedule: Schedule, method: 'REQUEST' | 'CANCEL', sequence: number) {
  return {
    method,
    sequence,
    startAt: schedule.startAt,
    endAt: schedule.endAt,
    conferenceBridge: schedule.conferenceBridge,
  };
}

/**
 * R28/R33: takes a scheduled port off the books (slot freed, invite cancelled); nothing when none is.
 * The cancellation is the one message about it: its text gives the event's reason.
 */
export const unschedule = enqueueEffects(({ context, event, enqueue }) => {
  const schedule = context.schedule;
  if (!schedule) return;
  if (schedule.holdsSlot) enqueue({ type: 'releaseSlot', params: { startAt: schedule.startAt } });
  const sequence = context.inviteSequence + 1;
  const reason = 'reason' in event && typeof event.reason === 'string' ? { reason: event.reason } : {};
  enqueue({ type: 'invite', params: { ...inviteOf(schedule, 'CANCEL', sequence), ...reason } });
  enqueue.assign({ schedule: null, inviteSequence: sequence });
});

/** R34/R35: the timers of a scheduled port; the day-before reminder only while it is still ahead. */
export const armPortTimers = armTimers((context, stamp) => {
  const startAt = (context.schedule as Schedule).startAt;
  const reminderAt = plusMinutes(startAt, -24 * 60);
  const windowOpens = { timer: 'windowOpens' as const, dueAt: startAt };
  if (epochMs(reminderAt) <= epochMs(stamp.at)) return [windowOpens];
  return [{ timer: 'portReminder' as const, dueAt: reminderAt }, windowOpens];
});

export const disarmPortTimers = disarmTimers(['portReminder', 'windowOpens']);

/** R28: the change comes within 48 h before the scheduled start. */
export function isNearPort(schedule: Schedule, at: string): boolean {
  return epochMs(schedule.startAt) - epochMs(at) <= 2 * DAY_MS;
}

export type PortScheduling = ReturnType<typeof portScheduling>;
