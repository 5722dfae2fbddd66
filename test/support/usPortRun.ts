import type { DateTime } from 'luxon';
import type { Engine } from '../../src/engine/Engine';
import { storeKeys } from '../../src/store/keys';
import type { Harness } from './harness';
import { auditOrder, auditProblems, firedTimerNames, type OrderAudit } from './orderAudit';
import { deliveriesByMessageId, noticeEntriesByOrder } from './receivedMail';
import type { SmtpSink } from './smtpSink';
import { eventually } from './stack';
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

export interface SettledRun {
  audits: OrderAudit[];
  /** SMTP deliveries, repeats included. */
  mails: number;
  /** Message-IDs delivered more than once (each repeat carries the same id, R41). */
  repeatedMessageIds: number;
}

/**
 * Waits, bounded, until every order of a US port run is completed, every notice was delivered and
 * the outbox is empty, then audits each order. A timeout is reported, not thrown: the audits say
 * what is missing, which is what the tests assert on.
 */
export async function settleUsRun(harness: Harness, smtp: SmtpSink, orderIds: string[], timeoutMs: number): Promise<SettledRun> {
  const outbox = storeKeys(harness.config.KEY_PREFIX).outbox();
  await eventually(
    async () => {
      const states = await Promise.all(orderIds.map(async (id) => (await harness.services.engine.getOrder(id)).state));
      return (
        states.every((state) => state === 'completed') &&
        deliveriesByMessageId(smtp.received).size >= orderIds.length * US_PATH_NOTICES.length &&
        (await harness.services.redis.xlen(outbox)) === 0
      );
    },
    timeoutMs,
    'every order completed, every notice sent, the outbox empty',
  ).catch((error) => process.stdout.write(`${String(error)}\n`));
  return {
    audits: await Promise.all(orderIds.map((id) => auditOrder(harness.services.engine, id))),
    mails: smtp.received.length,
    repeatedMessageIds: [...deliveriesByMessageId(smtp.received).values()].filter((count) => count > 1).length,
  };
}

/**
 * What a settled US run must not show, each list empty when sound: orders not completed, history
 * problems (gaps, a timer twice), orders whose timers are not the path's, orders whose notices are
 * not the path's (by Message-ID tail).
 */
export function usRunProblems(audits: OrderAudit[], smtp: SmtpSink, orderIds: string[]): Record<'unfinished' | 'histories' | 'timers' | 'notices', string[]> {
  const notices = noticeEntriesByOrder(smtp.received);
  return {
    unfinished: audits.filter((audit) => audit.state !== 'completed').map((audit) => `${audit.id}: ${audit.state}`),
    histories: audits.flatMap(auditProblems),
    timers: audits.filter((audit) => firedTimerNames(audit).join() !== US_PATH_TIMERS.join()).map((audit) => `${audit.id}: ${audit.timersFired.join(', ')}`),
    notices: orderIds.filter((id) => (notices.get(id) ?? []).join() !== US_PATH_NOTICES.join()).map((id) => `${id}: ${(notices.get(id) ?? []).join(' ')}`),
  };
}
