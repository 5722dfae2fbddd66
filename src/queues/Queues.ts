import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { WebhookJobData } from '../webhooks';
import type { CommandJob, MailJob, OrderEventJob, TestCallsJob, TimerJob } from './jobs';
import { QUEUES } from './names';

/**
 * One `Queue` per SPEC §4 queue, sharing a connection and the configured prefix (QUEUE_PREFIX,
 * BullMQ's `bull` by default; `{portflow}` on Redis Cluster, R42).
 *
 * Finished jobs are kept a while: BullMQ only dedupes a custom job id while the job exists, and
 * the relay may re-add an entry after a crash (R41) — seconds later, so a day is ample. R55: under
 * `noeviction` nothing leaves Redis by itself, so both age and count are bounded, for completed
 * and failed jobs of every queue (a failed job is kept longer, for ops to look at).
 */
export const KEEP_FINISHED = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const satisfies Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'>;

export class Queues {
  readonly commands: Queue<CommandJob>;
  readonly timers: Queue<TimerJob>;
  readonly mail: Queue<MailJob>;
  readonly webhooks: Queue<WebhookJobData>;
  readonly events: Queue<OrderEventJob>;
  readonly testCalls: Queue<TestCallsJob>;

  constructor(connection: ConnectionOptions, prefix: string) {
    const options = { connection, prefix, defaultJobOptions: KEEP_FINISHED };
    this.commands = new Queue(QUEUES.commands, options);
    this.timers = new Queue(QUEUES.timers, options);
    this.mail = new Queue(QUEUES.mail, options);
    this.webhooks = new Queue(QUEUES.webhooks, options);
    this.events = new Queue(QUEUES.events, options);
    this.testCalls = new Queue(QUEUES.testCalls, options);
  }

  all(): Queue[] {
    return [this.commands, this.timers, this.mail, this.webhooks, this.events, this.testCalls] as Queue[];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close()));
  }
}
