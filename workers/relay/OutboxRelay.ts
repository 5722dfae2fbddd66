import { duplicateRedis, type RedisClient } from '../../src/store/redis';
import type { OutboxEntry, StoredOutboxEntry } from '../../src/store/types';
import { StateChangeOutOfOrderError } from './StateChangeSequencer';

/**
 * R41: moves outbox entries (written in the same commit as the transition) into the BullMQ queues.
 *
 * The outbox is a Redis stream read through one consumer group, so several relays (one per worker
 * process, plus the sandbox clock) share the work. A stream entry holds one commit's effects; it is
 * acknowledged and deleted only after all their jobs were added; a relay that dies holding entries
 * leaves them pending, and another relay claims them once they have been idle for `reclaimIdleMs`. Every job id is deterministic, so an
 * entry dispatched twice (crash after the add, before the ack) still makes each job once.
 *
 * R58: a live relay retries its own pending entries itself, soon (an event waiting for the one before
 * it, which this or another live relay is about to queue), so only a dead relay's entries wait for
 * the reclaim timeout. A stream or group that vanished (FLUSHDB, a restore) is created again.
 */

export const RELAY_GROUP = 'relay';

export type OutboxDispatcher = (stored: StoredOutboxEntry) => Promise<void>;

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

/** Retries of an entry left pending by a live relay: the first after 10 ms, doubling up to 250 ms. */
const OWN_RETRY_FIRST_MS = 10;
const OWN_RETRY_MAX_MS = 250;

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
    let retryMs = OWN_RETRY_FIRST_MS;
    try {
      while (!this.stopped) {
        try {
          const left = (await this.retryOwn()) + (await this.reclaim());
          // Entries of ours left pending are retried after a short, growing pause, not the reclaim timeout.
          const leftByRead = await this.read(left > 0 ? retryMs : blockMs, blocking);
          retryMs = left + leftByRead > 0 ? Math.min(retryMs * 2, OWN_RETRY_MAX_MS, blockMs) : OWN_RETRY_FIRST_MS;
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
      await this.retryOwn();
      await this.reclaim();
      if ((await this.options.redis.xlen(this.options.stream)) === 0) return;
      if (Date.now() > deadline) throw new Error(`outbox not drained within ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  /** R58: how long the oldest entry not relayed yet has waited, in ms (see `oldestOutboxEntryAgeMs`). */
  oldestEntryAgeMs(): Promise<number> {
    return oldestOutboxEntryAgeMs(this.options.redis, this.options.stream);
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      // From '0': after a restore the entries already in the stream are relayed (job ids dedupe repeats).
      await this.options.redis.xgroup('CREATE', this.options.stream, RELAY_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** Runs a stream command; when the stream or its group is gone (NOGROUP), the next call recreates them. */
  private async streamCommand<T>(command: () => Promise<T>): Promise<T> {
    await this.ensureGroup();
    try {
      return await command();
    } catch (error) {
      if (String(error).includes('NOGROUP')) this.groupReady = false;
      throw error;
    }
  }

  /** New entries for this consumer; `blockMs` 0 = do not block. Returns how many it left pending. */
  private async read(blockMs: number, connection: RedisClient = this.options.redis): Promise<number> {
    const { consumer, stream } = this.options;
    const reply = await this.streamCommand(() =>
      blockMs > 0
        ? connection.xreadgroup('GROUP', RELAY_GROUP, consumer, 'COUNT', this.batchSize, 'BLOCK', blockMs, 'STREAMS', stream, '>')
        : connection.xreadgroup('GROUP', RELAY_GROUP, consumer, 'COUNT', this.batchSize, 'STREAMS', stream, '>'),
    );
    return this.processReply(reply);
  }

  /** This relay's own pending entries (a dispatch that failed or had to wait), retried now; returns how many it left pending. */
  private async retryOwn(): Promise<number> {
    const { consumer, stream } = this.options;
    const reply = await this.streamCommand(() => this.options.redis.xreadgroup('GROUP', RELAY_GROUP, consumer, 'COUNT', this.batchSize, 'STREAMS', stream, '0'));
    return this.processReply(reply);
  }

  private async reclaim(): Promise<number> {
    const reply = (await this.streamCommand(() =>
      this.options.redis.xautoclaim(this.options.stream, RELAY_GROUP, this.options.consumer, this.reclaimIdleMs, '0', 'COUNT', this.batchSize),
    )) as [string, StreamEntry[], string[]?];
    const entries = reply[1].filter((entry) => entry !== null && entry[1] !== null);
    return this.process(entries);
  }

  /** Entries of an XREADGROUP reply; an entry deleted while pending comes back without fields and is skipped. */
  private async processReply(reply: unknown): Promise<number> {
    const entries = ((reply as [string, StreamEntry[]][] | null)?.[0]?.[1] ?? []).filter((entry) => entry[1] !== null);
    return this.process(entries);
  }

  /**
   * Stream entries (one per commit, each holding that commit's effects in order) of one order are
   * dispatched in stream order (their seq order); different orders in parallel. A stream entry with
   * an effect whose dispatch fails stays pending and is retried whole (by this relay soon, or by
   * another after the reclaim timeout; job ids make the effects already queued no-ops); the ones
   * after it of the same order wait with it, so an order's effects never overtake each other.
   * Returns how many stream entries it left pending.
   */
  private async process(streamEntries: StreamEntry[]): Promise<number> {
    if (streamEntries.length === 0) return 0;
    const byOrder = new Map<string, { streamId: string; effects: StoredOutboxEntry[] }[]>();
    for (const [streamId, fields] of streamEntries) {
      const effects = storedOutboxEntriesOf(fields);
      const orderId = effects[0]?.entry.orderId ?? streamId;
      const list = byOrder.get(orderId) ?? [];
      list.push({ streamId, effects });
      byOrder.set(orderId, list);
    }
    const left = await Promise.all(
      [...byOrder.values()].map(async (list) => {
        for (const [index, { streamId, effects }] of list.entries()) {
          for (const stored of effects) {
            try {
              await this.options.dispatch(stored);
            } catch (error) {
              // Waiting for the order's previous event is normal between relays, not a failure to report.
              if (!(error instanceof StateChangeOutOfOrderError)) this.onError(error, stored.entry.id);
              return list.length - index;
            }
          }
          await this.options.redis.multi().xack(this.options.stream, RELAY_GROUP, streamId).xdel(this.options.stream, streamId).exec();
        }
        return 0;
      }),
    );
    return left.reduce((sum, count) => sum + count, 0);
  }
}

/**
 * The effects of one outbox stream entry: `entries` (a commit's, a JSON array) or, as releases before
 * issue 11 wrote them, one `entry`; each with the `snapshot` its commit stored beside them, if any.
 */
export function storedOutboxEntriesOf(fields: string[]): StoredOutboxEntry[] {
  const snapshot = optionalFieldValue(fields, 'snapshot');
  const entries = optionalFieldValue(fields, 'entries');
  const list = entries === null ? [JSON.parse(fieldValue(fields, 'entry')) as OutboxEntry] : (JSON.parse(entries) as OutboxEntry[]);
  return list.map((entry) => ({ entry, snapshot }));
}

function fieldValue(fields: string[], name: string): string {
  const value = optionalFieldValue(fields, name);
  if (value === null) throw new Error(`outbox entry without field ${name}`);
  return value;
}

function optionalFieldValue(fields: string[], name: string): string | null {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * R58: how long the oldest outbox entry not relayed yet has waited, in ms (0 when the outbox is empty).
 * Entries leave the stream once relayed, so the first one is the oldest; its id is Redis's time of
 * the commit, compared with Redis's time now (no clock skew with this host). /health and /metrics read it.
 */
export async function oldestOutboxEntryAgeMs(redis: RedisClient, stream: string): Promise<number> {
  const [[first], [seconds, micros]] = await Promise.all([redis.xrange(stream, '-', '+', 'COUNT', 1), redis.time()]);
  if (!first) return 0;
  const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  return Math.max(0, nowMs - Number(first[0].split('-')[0]));
}
