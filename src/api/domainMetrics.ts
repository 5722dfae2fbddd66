import type { Queue } from 'bullmq';
import type { RedisClient } from '../store/redis';
import { Counter, Gauge, type Registry } from 'prom-client';
import { orderStates } from '../../machines/types';
import { oldestOutboxEntryAgeMs } from '../../workers/relay/OutboxRelay';
import { DomainCounters, TIMER_LATENESS_BUCKETS } from '../metrics/DomainCounters';
import { orderKinds } from '../orders/orderInput';
import { storeKeys } from '../store/keys';

export interface DomainMetricsSources {
  redis: RedisClient;
  /** KEY_PREFIX: the store's indexes, the outbox stream and the workers' counters. */
  prefix: string;
  /** The queues whose depths are shown. */
  queues: readonly Queue[];
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * SPEC §9 /metrics "carries the domain", read from Redis when scraped (so any API process answers for
 * the whole deployment, workers included): mails by template and outcome, webhook deliveries by
 * outcome, timer lateness, outbox lag, queue depths by state, orders by state and kind (one ZCARD per
 * pair on the list indexes, never a scan).
 */
export function registerDomainMetrics(registry: Registry, { redis, prefix, queues }: DomainMetricsSources): void {
  if (registry.getSingleMetric('portflow_orders') !== undefined) return; // a registry shared by two servers
  const counters = new DomainCounters(redis, prefix);
  const keys = storeKeys(prefix);
  const registers = [registry];

  new Counter({
    name: 'portflow_mails_total',
    help: 'Mail sends by template and outcome (sent, or failed: an attempt that failed)',
    labelNames: ['template', 'outcome'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [field, count] of Object.entries((await counters.read()).mails)) {
        const [template, outcome] = field.split('|');
        this.inc({ template, outcome }, Number(count));
      }
    },
  });

  new Counter({
    name: 'portflow_webhook_deliveries_total',
    help: 'Webhook delivery attempts by coarse outcome (http_<status>, timeout, connect_failed, tls_failed, refused_target)',
    labelNames: ['outcome'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [outcome, count] of Object.entries((await counters.read()).webhookDeliveries)) this.inc({ outcome }, Number(count));
    },
  });

  registry.registerMetric(timerLatenessHistogram(counters) as never);

  new Gauge({
    name: 'portflow_outbox_lag_seconds',
    help: 'Age of the oldest outbox entry not yet relayed (0 when the outbox is drained)',
    registers,
    async collect() {
      this.set((await oldestOutboxEntryAgeMs(redis, keys.outbox())) / 1000);
    },
  });

  new Gauge({
    name: 'portflow_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });

  new Gauge({
    name: 'portflow_orders',
    help: 'Orders by state and kind (from the list indexes)',
    labelNames: ['state', 'kind'] as const,
    registers,
    async collect() {
      const pairs = orderStates.flatMap((state) => orderKinds.map((kind) => ({ state, kind })));
      const pipeline = redis.pipeline();
      for (const { state, kind } of pairs) pipeline.zcard(keys.ordersByStateAndKind(state, kind));
      const replies = (await pipeline.exec()) ?? [];
      this.reset();
      pairs.forEach((labels, i) => this.set(labels, Number(replies[i]?.[1] ?? 0)));
    },
  });
}

/** A histogram whose buckets the timer workers count in Redis: prom-client's own would only see this process. */
function timerLatenessHistogram(counters: DomainCounters) {
  const name = 'portflow_timer_lateness_seconds';
  return {
    name,
    help: 'How late durable timers fired after their due time (wall clock; not counted with the sandbox clock)',
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const counts = (await counters.read()).timerLateness;
      let cumulative = 0;
      const values = [...TIMER_LATENESS_BUCKETS, '+Inf' as const].map((bound) => {
        cumulative += Number(counts[String(bound)] ?? 0);
        return { metricName: `${name}_bucket`, labels: { le: bound }, value: cumulative };
      });
      values.push({ metricName: `${name}_sum`, labels: {} as never, value: Number(counts.sum ?? 0) });
      values.push({ metricName: `${name}_count`, labels: {} as never, value: Number(counts.count ?? 0) });
      return { name, help: this.help, type: 'histogram', aggregator: 'sum', values };
    },
  };
}

