import { duplicateRedis, type RedisClient } from '../../src/store/redis';
import type { OutboxEntry } from '../../src/store/types';

/**
 * R41: moves outbox entries (written in the same commit as the transition) into the BullMQ queues.
 *
 * The outbox is a Redis stream read through one consumer group, so several relays (one per worker
 * process, plus the sandbox clock) share the work. An entry is acknowledged and deleted only after
 * its jobs were added; a relay that dies holding entries leaves them pending, and another relay
 * claims them once they have been idle for `reclaimIdleMs`. Every job id is deterministic, so an
 * entry dispatched twice (crash after the add, before the ack) still makes each job once.
 */

export const RELAY_GROUP = 'relay';

export type OutboxDispatcher = (entry: OutboxEntry) => Promise<void>;

export interface OutboxRelayOptions {
  redis: RedisClient;
  /** The outbox stream key (`storeKeys(prefix).outbox()`). */
  stream: string;
  /** This relay's name in the consumer group (process-unique). */
  consumer: string;
  dispatch: OutboxDispatcher;
  /** Entries pending this long on a consumer are taken over (its process is presumed dead). */
  reclaimIdleMs?: number;
  batchSize?: number;
}

type StreamEntry = [id: string, fields: string[]];

export class OutboxRelay {
  private readonly reclaimIdleMs: number;
  private readonly batchSize: number;
  private groupReady = false;
  private stopped = false;
  /** Where dispatch failures are reported (the entry stays pending and is retried on reclaim). */
  onError: (error: unknown, entryId: string) => void = () => undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.reclaimIdleMs = options.reclaimIdleMs ?? 30_000;
    this.batchSize = options.batchSize ?? 200;
  }

  /** Runs until `stop()`: blocks on the stream for new entries, reclaims stuck ones between reads. */
  async run(blockMs = 1_000): Promise<void> {
    // A blocking read holds its connection: it gets one of its own so acks and drains never wait behind it.
    const blocking = duplicateRedis(this.options.redis);
    try {
      while (!this.stopped) {
        try {
          await this.reclaim();
          await this.read(blockMs, blocking);
        } catch (error) {
          this.onError(error, '-');
          await sleep(250);
        }
      }
    } finally {
      blocking.disconnect();
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Dispatches everything currently in the outbox, including entries other relays hold but have
   * not finished (after the reclaim delay), and returns when the stream is empty. The sandbox
   * clock uses it so that every timer a transition armed is queued before it looks for due ones.
   */
  async drain(): Promise<void> {
    // Entries a dead relay held only come free after the reclaim delay: wait that long, and then some.
    const timeoutMs = this.reclaimIdleMs + 10_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.read(0);
      await this.reclaim();
      if ((await this.options.redis.xlen(this.options.stream)) === 0) return;
      if (Date.now() > deadline) throw new Error(`outbox not drained within ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.options.redis.xgroup('CREATE', this.options.stream, RELAY_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** New entries for this consumer; `blockMs` 0 = do not block. */
  private async read(blockMs: number, connection: RedisClient = this.options.redis): Promise<number> {
    await this.ensureGroup();
    const reply =
      blockMs > 0
        ? await connection.xreadgroup('GROUP', RELAY_GROUP, this.options.consumer, 'COUNT', this.batchSize, 'BLOCK', blockMs, 'STREAMS', this.options.stream, '>')
        : await connection.xreadgroup('GROUP', RELAY_GROUP, this.options.consumer, 'COUNT', this.batchSize, 'STREAMS', this.options.stream, '>');
    const entries = ((reply as [string, StreamEntry[]][] | null)?.[0]?.[1] ?? []) as StreamEntry[];
    await this.process(entries);
    return entries.length;
  }

  private async reclaim(): Promise<number> {
    await this.ensureGroup();
    const reply = (await this.options.redis.xautoclaim(
      this.options.stream,
      RELAY_GROUP,
      this.options.consumer,
      this.reclaimIdleMs,
      '0',
      'COUNT',
      this.batchSize,
    )) as [string, StreamEntry[], string[]?];
    const entries = reply[1].filter((entry) => entry !== null && entry[1] !== null);
    await this.process(entries);
    return entries.length;
  }

  /**
   * Entries of one order are dispatched in stream order (their seq order); different orders in
   * parallel. An entry whose dispatch fails stays pending and is retried on reclaim; the ones after
   * it of the same order wait with it, so an order's effects never overtake each other.
   */
  private async process(entries: StreamEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const byOrder = new Map<string, { streamId: string; entry: OutboxEntry }[]>();
    for (const [streamId, fields] of entries) {
      const entry = JSON.parse(fieldValue(fields, 'entry')) as OutboxEntry;
      const list = byOrder.get(entry.orderId) ?? [];
      list.push({ streamId, entry });
      byOrder.set(entry.orderId, list);
    }
    await Promise.all(
      [...byOrder.values()].map(async (list) => {
        for (const { streamId, entry } of list) {
          try {
            await this.options.dispatch(entry);
          } catch (error) {
            this.onError(error, entry.id);
            return;
          }
          await this.options.redis.multi().xack(this.options.stream, RELAY_GROUP, streamId).xdel(this.options.stream, streamId).exec();
        }
      }),
    );
  }
}

function fieldValue(fields: string[], name: string): string {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  throw new Error(`outbox entry without field ${name}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
