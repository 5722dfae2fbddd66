import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import { DateTime } from 'luxon';
import type { PersistedOrder } from '../../machines/runEvent';
import type { OrderContext } from '../../machines/types';
import type { Config } from '../../src/config/config';
import { composeMail, MailSendError, type Mailer } from '../../src/mail';
import { mailJobSchema, type MailJob } from '../../src/queues/jobs';
import { QUEUES } from '../../src/queues/names';
import type { OrderStore } from '../../src/store/OrderStore';
import { parseJob } from '../parseJob';

/**
 * `portflow-mail`: renders the notice or invite from the order as its transition left it (R45) and
 * sends it once in effect (R41): the Message-ID derives from the outbox entry and the Mailer keeps a sent-record.
 */
export function createMailProcessor(deps: {
  store: OrderStore;
  mailer: Mailer;
  config: Pick<Config, 'MAIL_FROM' | 'OPS_EMAIL'>;
}): Processor<MailJob, { sent: boolean; messageId: string }> {
  return async (job: Job<MailJob>) => {
    const mail = parseJob(mailJobSchema, job.data, QUEUES.mail);
    const order = mail.order ?? (await storedOrder(deps.store, mail.orderId));
    const effect =
      mail.kind === 'notice'
        ? { type: 'mail' as const, template: mail.template, to: mail.to, data: mail.data }
        : {
            type: 'invite' as const,
            method: mail.method,
            sequence: mail.sequence,
            startAt: mail.startAt,
            endAt: mail.endAt,
            conferenceBridge: mail.conferenceBridge,
            reason: mail.reason,
          };
    const message = composeMail({
      entry: { id: mail.outboxEntryId, orderId: mail.orderId, effect },
      order,
      from: deps.config.MAIL_FROM,
      opsEmail: deps.config.OPS_EMAIL,
      // The job's creation time: the same on every retry, so a resent invite is byte-identical.
      dtstamp: DateTime.fromMillis(job.timestamp, { zone: 'utc' }).toISO()!,
    });
    try {
      return await deps.mailer.send(message);
    } catch (error) {
      // An SMTP 5xx will not change on retry; a 4xx or a connection error will (BullMQ backs off).
      if (error instanceof MailSendError && error.permanent) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  };
}

/** A job queued before R45 carries no order: it is rendered from the order as stored. */
async function storedOrder(store: OrderStore, orderId: string): Promise<OrderContext> {
  const stored = await store.load(orderId);
  if (!stored) throw new UnrecoverableError(`not_found: order ${orderId}`);
  return (JSON.parse(stored.snapshot) as PersistedOrder).context;
}
