import { z } from 'zod';
import { mailTemplates, timerNames } from '../../machines/effects';
import type { OrderContext } from '../../machines/types';

/**
 * The zod catalog of every job payload (SPEC §4). Workers parse their job data with these before
 * acting: a job written by an older release, or by hand into a queue, is refused as unrecoverable
 * rather than half-processed.
 */

const orderId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'expected an order id');

/** `portflow-commands`: integrations drive orders through a queue. */
export const commandJobSchema = z
  .object({
    orderId,
    event: z.record(z.string(), z.unknown()),
    actor: z.string().trim().min(1).max(100).optional(),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
    ifMatch: z.number().int().positive().optional(),
  })
  .strict();
export type CommandJob = z.infer<typeof commandJobSchema>;

/** `portflow-timers`: fed back into the engine as TIMER events. */
export const timerJobSchema = z
  .object({ orderId, timer: z.enum(timerNames), visit: z.number().int().nonnegative(), dueAt: z.iso.datetime({ offset: true }) })
  .strict();
export type TimerJob = z.infer<typeof timerJobSchema>;

const recipients = z.enum(['contacts', 'ops', 'both']);

/**
 * R45: the order as the transition that caused the mail left it (the machine context without PIN
 * ciphertext or timers). Built by the engine, so only its shape is checked; absent in jobs queued
 * before R45, which are rendered from the stored order.
 */
const noticeOrder = z
  .looseObject({ id: orderId, kind: z.string(), order: z.looseObject({ account: z.looseObject({}) }), numbers: z.array(z.unknown()) })
  .transform((value) => value as unknown as OrderContext)
  .optional();

/** `portflow-mail`: a notice or a meeting invite. `outboxEntryId` makes the Message-ID deterministic (R41). */
export const mailJobSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('notice'),
      orderId,
      outboxEntryId: z.string().min(1),
      template: z.enum(mailTemplates),
      to: recipients,
      data: z.record(z.string(), z.unknown()).default({}),
      order: noticeOrder,
    })
    .strict(),
  z
    .object({
      kind: z.literal('invite'),
      orderId,
      outboxEntryId: z.string().min(1),
      method: z.enum(['REQUEST', 'CANCEL']),
      sequence: z.number().int().nonnegative(),
      startAt: z.iso.datetime({ offset: true }),
      endAt: z.iso.datetime({ offset: true }),
      conferenceBridge: z.string().nullable(),
      reason: z.string().optional(),
      order: noticeOrder,
    })
    .strict(),
]);
export type MailJob = z.infer<typeof mailJobSchema>;

/** `portflow-test-calls` (R37). */
export const testCallsJobSchema = z
  .object({ orderId, seq: z.number().int().positive(), numbers: z.array(z.string()).min(1).max(5000) })
  .strict();
export type TestCallsJob = z.infer<typeof testCallsJobSchema>;

/** `portflow-events`: one job per accepted event (R44), `type` as in the webhooks and the feed. */
export const orderEventJobSchema = z
  .object({
    orderId,
    seq: z.number().int().positive(),
    type: z.enum(['port_order.state_changed', 'port_order.updated']),
    event: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    occurredAt: z.string(),
    order: z.unknown(),
  })
  .strict();
export type OrderEventJob = z.infer<typeof orderEventJobSchema>;
