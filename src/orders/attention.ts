import { DateTime } from 'luxon';
import { finalStates, type OrderContext, type OrderState } from '../../machines/types';
import { PORTING_ZONE } from '../clock/clock';

/** R35: a readiness request unanswered this long needs the desk. */
const READINESS_UNANSWERED_MS = 60 * 60_000;
/** R62: a toll-free window ending within this long needs the desk. */
const WINDOW_ENDING_MS = 7 * 24 * 3600_000;

/**
 * R62 `needsAttention`: the instant (epoch ms) from which an order needs the desk, or null when
 * nothing about it ever will as it stands. Some reasons start later than the transition that
 * creates them (a FOC date that will pass, a window that will end), so the index keeps this instant
 * and a query takes every order whose instant is not after its `now`.
 * The reasons: rejected, at risk, FOC overdue (the FOC date passed and no port is scheduled),
 * readiness unanswered (60 minutes into the port window), toll-free window ending within 7 days.
 */
export function attentionFrom(state: OrderState, context: OrderContext): number | null {
  if (finalStates.includes(state)) return null;
  const from: number[] = [];
  if (state === 'rejected' && context.lastRejection) from.push(Date.parse(context.lastRejection.at));
  if (context.atRisk) from.push(Date.parse(context.updatedAt));
  if (state === 'focConfirmed' && context.focDate) {
    from.push(DateTime.fromISO(context.focDate, { zone: PORTING_ZONE }).plus({ days: 1 }).toMillis());
  }
  if (state === 'readinessCheck' && context.schedule) from.push(Date.parse(context.schedule.startAt) + READINESS_UNANSWERED_MS);
  if (context.window && ['released', 'scheduled', 'readinessCheck'].includes(state)) from.push(Date.parse(context.window.endsAt) - WINDOW_ENDING_MS);
  return from.length === 0 ? null : Math.min(...from);
}
