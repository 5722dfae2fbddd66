import type { RedisClient } from '../store/redis';

/** Upper bounds (seconds) of the timer-lateness histogram: from "on time" to an hour late. */
export const TIMER_LATENESS_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600] as const;

export type MailOutcome = 'sent' | 'failed';

export interface DomainCounts {
  /** `<template>|<outcome>` → count */
  mails: Record<string, string>;
  /** coarse delivery outcome (`http_200`, `timeout`…) → count */
  webhookDeliveries: Record<string, string>;
  /** bucket upper bound (or `+Inf`) → count in that bucket alone; `sum`, `count` */
  timerLateness: Record<string, string>;
}

/**
 * The domain counters of §9's /metrics that workers produce: mails by template and outcome, webhook
 * deliveries by outcome, timer lateness. Workers and the API are separate processes, so the counts
 * live in Redis (one small hash each, bounded by the label values) and `/metrics` reads them when
 * scraped, whichever API process is asked.
 */
export class DomainCounters {
  private readonly keys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = {
      mails: `${prefix}:metrics:mails`,
      webhookDeliveries: `${prefix}:metrics:webhook-deliveries`,
      timerLateness: `${prefix}:metrics:timer-lateness`,
    };
  }

  async mail(template: string, outcome: MailOutcome): Promise<void> {
    await this.redis.hincrby(this.keys.mails, `${template}|${outcome}`, 1);
  }

  async webhookDelivery(outcome: string): Promise<void> {
    await this.redis.hincrby(this.keys.webhookDeliveries, outcome, 1);
  }

  async timerLateness(seconds: number): Promise<void> {
    const late = Math.max(0, seconds);
    const bucket = TIMER_LATENESS_BUCKETS.find((bound) => late <= bound) ?? '+Inf';
    await this.redis
      .multi()
      .hincrby(this.keys.timerLateness, String(bucket), 1)
      .hincrby(this.keys.timerLateness, 'count', 1)
      .hincrbyfloat(this.keys.timerLateness, 'sum', late)
      .exec();
  }

  async read(): Promise<DomainCounts> {
    const [mails, webhookDeliveries, timerLateness] = await Promise.all([
      this.redis.hgetall(this.keys.mails),
      this.redis.hgetall(this.keys.webhookDeliveries),
      this.redis.hgetall(this.keys.timerLateness),
    ]);
    return { mails, webhookDeliveries, timerLateness };
  }
}
