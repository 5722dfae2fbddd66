import type { DateTime } from 'luxon';
import type { Engine } from '../../src/engine/Engine';
import { usOrderInput } from './orderInputs';
import { denver } from './sandboxDates';

/**
 * One fixed path for a US order, cut where a fault test moves the sandbox clock: every order that
 * runs it makes the same transitions, notices and timers, so one order's outcome is every order's
 * oracle. Path: create → SUBMIT → CONFIRM_FOC → SCHEDULE (09:00 on the FOC day) │ clock past
 * 09:00 fires portReminder and windowOpens → readinessCheck │ CONFIRM_READY → PORT_COMPLETED →
 * simulated test calls (a worker) → completed.
 */
const ops = { id: 'api:ops', role: 'ops' as const };

/** The notices of the path, as `<seq>.<index>` of their outbox entries (the tail of each Message-ID). */
export const US_PATH_NOTICES = ['2.1', '3.1', '4.0', '5.0', '6.0', '7.1', '8.1', '9.0'];
/** The timers that fire on the path: the 24-hour reminder (R34) and the window opening (R35). */
export const US_PATH_TIMERS = ['portReminder', 'windowOpens'];

export function portStartOn(focDay: DateTime): string {
  return denver(focDay, 9);
}

/** Clock target that opens every port window of the run (and no readiness alert: that is 60 min later). */
export function justAfterPortStart(focDay: DateTime): string {
  return denver(focDay, 9, 1);
}

export async function createScheduledUsOrder(engine: Engine, focDay: DateTime, input: Record<string, unknown> = usOrderInput()): Promise<string> {
  const created = await engine.createOrder({ ...input, requestedFocDate: focDay.toISODate() }, ops);
  await engine.apply(created.id, { type: 'SUBMIT' }, ops);
  await engine.apply(created.id, { type: 'CONFIRM_FOC', focDate: focDay.toISODate() }, ops);
  await engine.apply(created.id, { type: 'SCHEDULE', startAt: portStartOn(focDay) }, ops);
  return created.id;
}

/** After the window opened: the contacts confirm, the carrier reports the port done. */
export async function portUsOrder(engine: Engine, orderId: string): Promise<void> {
  await engine.apply(orderId, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' }, ops);
  await engine.apply(orderId, { type: 'PORT_COMPLETED' }, ops);
}

/** Runs `work` over `items`, at most `concurrency` at a time, in item order. */
export async function inParallel<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index], index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
