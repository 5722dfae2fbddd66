import { assign } from 'xstate';
import type { TimerName } from '../effects';
import type { OrderContext, OrderEvent } from '../types';
import { enqueueEffects } from './setup';

/**
 * Durable timers (SPEC §3.6). A timer armed by a transition carries that transition's `seq` as its
 * visit token and is recorded in `context.timers`; a TIMER event counts only while the token matches,
 * so a timer that fires after its state was left (or re-armed) is ignored without any bookkeeping.
 */

export interface Stamp {
  at: string;
  seq: number;
}

/** The engine's stamp of the event being handled; at creation XState's init event carries it as input. */
export function stampOf(event: OrderEvent): Stamp {
  return (event as { input?: Stamp }).input ?? event;
}

export interface TimerPlan {
  timer: TimerName;
  dueAt: string;
}

/**
 * Arms the planned timers with the current event's visit token. XState's pure `transition()` also
 * builds a throwaway initial snapshot without input on every call: with no stamp there is nothing
 * to arm (planning from `undefined` would throw, be caught inside XState, and cost ~5% of the CPU).
 */
export function armTimers(plan: (context: OrderContext, stamp: Stamp) => TimerPlan[]) {
  return enqueueEffects(({ context, event, enqueue }) => {
    const stamp = stampOf(event);
    if (stamp.at === undefined) return;
    const timers = { ...context.timers };
    for (const { timer, dueAt } of plan(context, stamp)) {
      timers[timer] = stamp.seq;
      enqueue({ type: 'armTimer', params: { timer, visit: stamp.seq, dueAt } });
    }
    enqueue.assign({ timers });
  });
}

/**
 * Disarms those of `names` that are armed: a `cancelTimer` effect each, and off the context. The timer
 * whose firing causes this transition has no job left to cancel (exit actions run before the transition's).
 */
export function disarmTimers(names: readonly TimerName[]) {
  return enqueueEffects(({ context, event, enqueue }) => {
    let timers: OrderContext['timers'] | null = null;
    for (const timer of names) {
      const visit = context.timers[timer];
      if (visit === undefined) continue;
      const firing = event.type === 'TIMER' && event.timer === timer && event.visit === visit;
      if (!firing) enqueue({ type: 'cancelTimer', params: { timer, visit } });
      timers ??= { ...context.timers };
      delete timers[timer];
    }
    if (timers) enqueue.assign({ timers });
  });
}

/** Guard: this TIMER event is the armed visit of `timer`. */
export function timerFired(timer: TimerName) {
  return ({ context, event }: { context: OrderContext; event: OrderEvent }) =>
    event.type === 'TIMER' && event.timer === timer && context.timers[timer] === event.visit;
}

/** A timer that fired is no longer armed: its job is done, there is nothing to cancel. */
export const forgetFiredTimer = assign<OrderContext, OrderEvent, undefined, OrderEvent, never>({
  timers: ({ context, event }) => {
    const timers = { ...context.timers };
    if (event.type === 'TIMER') delete timers[event.timer];
    return timers;
  },
});
