import type { RedisClient } from '../store/redis';
import { confirmReplicated, type ReplicaAckPolicy } from '../store/replicaAck';
import { MailError, MailSendError } from './errors';
import type { MailMessage } from './message';
import type { MailTransport } from './transports';

/** A sent-record outlives any BullMQ retry schedule (and the outbox relay's replays) by far. */
export const SENT_RECORD_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface SendResult {
  /** false: this Message-ID was already sent, nothing went out this time. */
  sent: boolean;
  messageId: string;
}

/**
 * R41: sends each message once in effect. BullMQ runs a job at least once, so after the SMTP
 * server accepts a message a sent-record `<prefix>:mail:sent:<id>` is written, and a message
 * whose record exists is not sent again.
 *
 * The one window left: a crash after the server accepted the message but before the record was
 * written. The retry then sends it a second time — with the SAME Message-ID (it comes from the
 * outbox entry), which receiving servers and clients use to drop the duplicate.
 */
export class Mailer {
  constructor(
    private readonly opts: {
      transport: MailTransport;
      redis: RedisClient;
      prefix: string;
      /**
       * R81: with REDIS_MIN_REPLICAS_ACK the sent-record is confirmed on the replicas before the job
       * completes, so a failover repeats only the mails in flight, not every mail of the replication lag.
       */
      replicaAck?: ReplicaAckPolicy;
    },
  ) {}

  sentRecordKey(messageId: string): string {
    return `${this.opts.prefix}:mail:sent:${messageId.replace(/^<|>$/g, '')}`;
  }

  /** Throws `MailSendError` when the transport refuses (so the job is retried, or given up when `permanent`). */
  async send(message: MailMessage): Promise<SendResult> {
    const messageId = message.messageId;
    if (!messageId) throw new MailError('mail_missing_message_id', 'a message needs a deterministic Message-ID (see buildMessage)');
    const key = this.sentRecordKey(messageId);
    if ((await this.opts.redis.exists(key)) === 1) return { sent: false, messageId };

    let response: string | undefined;
    try {
      response = (await this.opts.transport.sendMail(message)).response;
    } catch (error) {
      throw new MailSendError(messageId, error);
    }
    await this.opts.redis.set(key, response ?? 'sent', 'EX', SENT_RECORD_TTL_SECONDS, 'NX');
    if (this.opts.replicaAck) await confirmReplicated(this.opts.redis, this.opts.replicaAck, key);
    return { sent: true, messageId };
  }
}
