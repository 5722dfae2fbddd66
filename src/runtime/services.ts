import type { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { RedisClient } from '../store/redis';
import { PortingCalendar, calendarSettingsFromConfig } from '../calendar';
import { SandboxClock } from '../clock/SandboxClock';
import { SystemClock, type Clock } from '../clock/clock';
import type { Config } from '../config/config';
import { Engine, type EngineMetrics } from '../engine/Engine';
import { Mailer, createTransport, type MailTransport } from '../mail';
import { PinCipher } from '../orders/pin';
import { loadPinKeys } from '../orders/pinKeys';
import { Queues } from '../queues/Queues';
import { SandboxClockController } from '../sandbox/SandboxClockController';
import { OrderStore } from '../store/OrderStore';
import { storeKeys } from '../store/keys';
import { createRedis } from '../store/redis';
import { SubscriptionStore, WebhookTargetPolicy, webhookKeys } from '../webhooks';
import { OutboxRelay } from '../../workers/relay/OutboxRelay';
import { createOutboxDispatcher } from '../../workers/relay/dispatchOutboxEntry';
import { SandboxTimerIndex } from '../../workers/timers/SandboxTimerIndex';

/**
 * Everything a portflow process is made of, wired once from the configuration. The API and the
 * workers take what they need from here; tests build it against their own key prefix.
 */
export interface Services {
  config: Config;
  redis: RedisClient;
  /** BullMQ's connection (`maxRetriesPerRequest: null`); workers duplicate it for blocking calls. */
  bullRedis: RedisClient;
  clock: Clock;
  calendar: PortingCalendar;
  store: OrderStore;
  engine: Engine;
  queues: Queues;
  subscriptions: SubscriptionStore;
  mailTransport: MailTransport;
  mailer: Mailer;
  relay: OutboxRelay;
  sandbox: SandboxClockController | null;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Overrides the clock (tests); otherwise the system clock, or the Redis-kept clock with SANDBOX=1. */
  clock?: Clock;
  metrics?: EngineMetrics;
  warn?: (message: string) => void;
  /** The relay's consumer name; unique per process. */
  consumerName?: string;
}

export function createServices(config: Config, options: ServiceOptions = {}): Services {
  const redis = createRedis(config.redis, { connectionName: 'portflow' });
  const bullRedis = createRedis(config.redis, { forBullMQ: true, connectionName: 'portflow-bullmq' });
  const keys = storeKeys(config.KEY_PREFIX);
  const sandboxClock = config.SANDBOX && !options.clock ? new SandboxClock(redis, `${config.KEY_PREFIX}:sandbox:clock`) : null;
  const clock: Clock = options.clock ?? sandboxClock ?? new SystemClock();
  const calendar = new PortingCalendar(calendarSettingsFromConfig(config));
  const replicaAck = { replicas: config.REDIS_MIN_REPLICAS_ACK, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS };
  const store = new OrderStore(redis, {
    prefix: config.KEY_PREFIX,
    slotCapacity: config.SLOT_CAPACITY,
    replicaAck,
    feedRetentionMs: config.FEED_RETENTION_DAYS * 24 * 3600 * 1000,
  });
  const warn = options.warn ?? ((message: string) => process.emitWarning(message));
  const pins = new PinCipher(loadPinKeys(config, warn));
  const engine = new Engine({ store, clock, calendar, pins, config, metrics: options.metrics });
  const queues = new Queues(bullRedis, config.QUEUE_PREFIX);
  // While Redis is away (a restart, a failover) every reconnect attempt reports an error; they retry by
  // themselves (R81), so each is a warning, not an unhandled 'error' event.
  const emitters: [string, EventEmitter][] = [['redis', redis], ['redis (BullMQ)', bullRedis], ...queues.all().map((queue): [string, EventEmitter] => [`queue ${queue.name}`, queue])];
  for (const [name, emitter] of emitters) emitter.on('error', (error: Error) => warn(`${name}: ${error.message}`));
  const subscriptions = new SubscriptionStore(redis, webhookKeys(config.KEY_PREFIX), clock, new WebhookTargetPolicy(config.WEBHOOK_ALLOWED_CIDRS));
  const mailTransport = createTransport(config);
  const mailer = new Mailer({ transport: mailTransport, redis, prefix: config.KEY_PREFIX, replicaAck });
  const sandboxTimers = config.SANDBOX ? new SandboxTimerIndex(redis, `${config.KEY_PREFIX}:sandbox:timers`) : undefined;
  const relay = new OutboxRelay({
    redis,
    stream: keys.outbox(),
    consumer: options.consumerName ?? `${hostname()}-${process.pid}`,
    reclaimIdleMs: config.OUTBOX_RECLAIM_MS,
    dispatch: createOutboxDispatcher({
      queues,
      redis,
      prefix: config.KEY_PREFIX,
      clock,
      subscriptions,
      sandboxTimers,
      eventsQueue: config.EVENTS_QUEUE,
      viewOf: (persisted, version) => engine.views.viewOf(persisted, version),
    }),
  });
  const sandbox =
    sandboxClock && sandboxTimers
      ? new SandboxClockController({ clock: sandboxClock, engine, relay, timerIndex: sandboxTimers, timersQueue: queues.timers })
      : null;

  return {
    config,
    redis,
    bullRedis,
    clock,
    calendar,
    store,
    engine,
    queues,
    subscriptions,
    mailTransport,
    mailer,
    relay,
    sandbox,
    async close() {
      relay.stop();
      await queues.close();
      mailTransport.close();
      await Promise.allSettled([redis.quit(), bullRedis.quit()]);
    },
  };
}
