import type { OrderKind } from '../../src/orders/orderInput';
import type { MachineDeps, OrderContext, OrderEvent } from '../types';
import { cancelOrder } from './cancellation';
import { mail, refuse } from './declare';
import { assignFrom, type EventOf } from './events';
import { rejectionOf } from './rejection';
import { orderSetup } from './setup';
import { missingForSubmission, submissionIncomplete } from './submissionChecklist';
import { denverDate, plusBusinessDays } from './time';
import { armTimers, disarmTimers, forgetFiredTimer, timerFired } from './timers';

/** Business days the losing carrier usually takes to answer, at the late end (R21, R23). */
const carrierResponseDays: Record<OrderKind, number> = { us: 7, international: 7, tollFree: 5 };
const DRAFT_REMINDER_DAYS = 5;
const REJECTION_REMINDER_DAYS = 2;

type Guarded = { context: OrderContext; event: OrderEvent };

/** The order, re-validated by the engine, replaces the old one; numbers start over as pending. */
const applyUpdate = assignFrom<EventOf<'UPDATE'>>((_, event) => ({
  order: event.order,
  project: event.project,
  portType: event.portType,
  numbers: event.order.numbers.map((number) => ({ number, status: 'pending' as const })),
}));

/**
 * draft, submitted and rejected: the same for every kind except the checklist (R25), the carrier's
 * answer time and what the carrier answers with (`carrierAnswers`: CONFIRM_FOC, or RELEASE for toll-free).
 */
export function submissionStates<A extends object>(deps: MachineDeps, kind: OrderKind, carrierAnswers: A) {
  const missingOn = (context: OrderContext, at: string) => missingForSubmission(kind, context.order, denverDate(at));
  const complete = ({ context, event }: Guarded) => missingOn(context, event.at).length === 0;
  const refuseIncomplete = refuse((context, event) => submissionIncomplete(missingOn(context, event.at)));
  const recordSubmission = assignFrom((_, event) => ({ submittedAt: event.at }));

  const draft = orderSetup.createStateConfig({
    entry: armTimers((_, stamp) => [
      { timer: 'draftReminder', dueAt: plusBusinessDays(deps.calendar, stamp.at, DRAFT_REMINDER_DAYS) },
    ]),
    exit: disarmTimers(['draftReminder']),
    on: {
      // Re-entering draft re-arms the reminder: it counts from the last change.
      UPDATE: { target: 'draft', reenter: true, actions: applyUpdate },
      SUBMIT: [
        {
          guard: complete,
          target: 'submitted',
          actions: [recordSubmission, mail('submitted', 'contacts', (c) => ({ submittedAt: c.submittedAt }))],
        },
        { actions: refuseIncomplete },
      ],
      CANCEL: cancelOrder,
      TIMER: { guard: timerFired('draftReminder'), actions: [forgetFiredTimer, mail('draftReminder', 'contacts')] },
    },
  });

  const submitted = orderSetup.createStateConfig({
    entry: armTimers((_, stamp) => [
      { timer: 'carrierResponseDue', dueAt: plusBusinessDays(deps.calendar, stamp.at, carrierResponseDays[kind]) },
    ]),
    exit: disarmTimers(['carrierResponseDue']),
    on: {
      ...carrierAnswers,
      REJECT: {
        target: 'rejected',
        actions: [
          assignFrom<EventOf<'REJECT'>>((context, event) => ({
            rejectionCount: context.rejectionCount + 1,
            lastRejection: rejectionOf(event),
            changedSinceRejection: false,
          })),
          mail('rejected', 'contacts', (c) => ({ ...c.lastRejection })),
        ],
      },
      CANCEL: cancelOrder,
      TIMER: {
        guard: timerFired('carrierResponseDue'),
        actions: [forgetFiredTimer, mail('opsCarrierResponseOverdue', 'ops', (c) => ({ submittedAt: c.submittedAt }))],
      },
    },
  });

  const rejected = orderSetup.createStateConfig({
    entry: armTimers((_, stamp) => [
      { timer: 'rejectionReminder', dueAt: plusBusinessDays(deps.calendar, stamp.at, REJECTION_REMINDER_DAYS) },
    ]),
    exit: disarmTimers(['rejectionReminder']),
    on: {
      UPDATE: { actions: [applyUpdate, assignFrom(() => ({ changedSinceRejection: true }))] },
      RESUBMIT: [
        {
          guard: ({ context, event }: Guarded) => context.changedSinceRejection && complete({ context, event }),
          target: 'submitted',
          actions: [recordSubmission, mail('resubmitted', 'contacts', (c) => ({ submittedAt: c.submittedAt }))],
        },
        {
          guard: ({ context }: Guarded) => !context.changedSinceRejection,
          actions: refuse(() => ({
            code: 'unchanged_since_rejection',
            message: 'The order has not changed since it was rejected; update it before resubmitting',
            rule: 'R26',
          })),
        },
        // The update may have taken something off the checklist.
        { actions: refuseIncomplete },
      ],
      CANCEL: cancelOrder,
      TIMER: {
        guard: timerFired('rejectionReminder'),
        actions: [forgetFiredTimer, mail('rejectionReminder', 'contacts', (c) => ({ ...c.lastRejection }))],
      },
    },
  });

  return { draft, submitted, rejected };
}
