import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SettableClock } from '../../src/clock/clock';
import type { OrderView } from '../../src/engine/types';
import { DeliveryLog } from '../../src/webhooks/deliveryLog';
import { enqueueOrderEvent } from '../../src/webhooks/enqueue';
import { webhookKeys } from '../../src/webhooks/keys';
import { createDeliveryProcessor, type DeliveryProcessorDeps } from '../../src/webhooks/processDelivery';
import type { RetryPolicy } from '../../src/webhooks/retryPolicy';
import { SubscriptionStore } from '../../src/webhooks/SubscriptionStore';
import { WebhookTargetPolicy } from '../../src/webhooks/targetPolicy';
import type { WebhookJobData } from '../../src/webhooks/webhookJob';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Retries in milliseconds instead of minutes, so a whole retry schedule runs inside a test. */
export const FAST_RETRY: RetryPolicy = { attempts: 8, backoffDelayMs: 10, jitter: 0 };

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

/** A real HTTP receiver on 127.0.0.1, port 0. `respond` decides the answer to the n-th request (0-based). */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(
  respond: (request: ReceivedRequest, n: number, res: ServerResponse) => void = (_r, _n, res) => res.writeHead(204).end(),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' };
      requests.push(received);
      respond(received, requests.length - 1, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/portflow`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A unique key prefix and queue per fixture; `cleanup` removes every key and the queue. */
export interface WebhookFixture {
  redis: Redis;
  prefix: string;
  clock: SettableClock;
  subscriptions: SubscriptionStore;
  log: DeliveryLog;
  queue: Queue<WebhookJobData>;
  startWorker(options?: Partial<Omit<DeliveryProcessorDeps, 'redis' | 'prefix' | 'subscriptions' | 'queue'>>): Worker<WebhookJobData>;
  enqueue(orderId: string, seq: number, retry?: RetryPolicy): Promise<number>;
  cleanup(): Promise<void>;
}

export function orderView(orderId: string, seq: number): OrderView {
  return { id: orderId, kind: 'us', state: seq === 1 ? 'submitted' : 'focConfirmed', version: seq + 1, numbers: [] };
}

export function webhookFixture(name: string): WebhookFixture {
  const id = randomBytes(4).toString('hex');
  const redis = new Redis(REDIS_URL);
  // BullMQ workers block on their connection; they need one without a request retry limit.
  const bullConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `test:webhooks-${name}:${id}`;
  const queuePrefix = `test-bull-${name}-${id}`;
  const queueName = `portflow-webhooks-${id}`;
  const clock = new SettableClock('2026-12-01T16:00:00Z');
  const keys = webhookKeys(prefix);
  // R53: the receivers of these tests listen on 127.0.0.1, opened on purpose as WEBHOOK_ALLOWED_CIDRS would.
  const subscriptions = new SubscriptionStore(redis, keys, clock, new WebhookTargetPolicy(['127.0.0.0/8']));
  const queue = new Queue<WebhookJobData>(queueName, { connection: bullConnection, prefix: queuePrefix });
  const workers: Worker<WebhookJobData>[] = [];

  return {
    redis,
    prefix,
    clock,
    subscriptions,
    log: new DeliveryLog(redis, keys),
    queue,
    startWorker(options = {}) {
      const processor = createDeliveryProcessor({ redis, prefix, subscriptions, queue, targets: subscriptions.targets, ...options });
      const worker = new Worker<WebhookJobData>(queueName, processor, { connection: bullConnection, prefix: queuePrefix });
      workers.push(worker);
      return worker;
    },
    enqueue: (orderId, seq, retry = FAST_RETRY) =>
      enqueueOrderEvent({
        queue,
        store: subscriptions,
        redis,
        prefix,
        published: {
          orderId,
          seq,
          occurredAt: clock.now().toJSDate().toISOString(),
          publication: { type: 'port_order.state_changed', event: 'CONFIRM_FOC', from: 'submitted', to: 'focConfirmed' },
          view: orderView(orderId, seq),
        },
        retry,
      }),
    async cleanup() {
      await Promise.all(workers.map((w) => w.close(true)));
      await queue.obliterate({ force: true });
      await queue.close();
      for (const match of [`${prefix}:*`, `${queuePrefix}:*`]) {
        for await (const batch of redis.scanStream({ match, count: 500 })) {
          if ((batch as string[]).length > 0) await redis.del(...(batch as string[]));
        }
      }
      await bullConnection.quit();
      await redis.quit();
    },
  };
}

/** Polls `probe` until it returns a value other than undefined (real time passes: deliveries are real). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('eventually: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
