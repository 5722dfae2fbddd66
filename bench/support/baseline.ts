import type { RedisClient } from '../../src/store/redis';
import { type AnyStateMachine, transition } from 'xstate';
import type { OrderMachine, PersistedOrder } from '../../machines/runEvent';
import type { OrderEvent } from '../../machines/types';
import type { Clock } from '../../src/clock/clock';

/**
 * The minimal version of an order transition that the engine figures are compared with: load the
 * snapshot, XState's pure `transition()`, and one Lua compare-and-set of snapshot + version. No
 * history, outbox, number index, list indexes, views or validation.
 */
const COMPARE_AND_SET = `
if (tonumber(redis.call('HGET', KEYS[1], 'version')) or 0) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'snapshot', ARGV[2], 'version', ARGV[1] + 1)
return 1`;

interface BaselineCommands {
  baselineCommit(key: string, expectedVersion: number, snapshot: string): Promise<number>;
}

export class BaselineStore {
  private readonly redis: RedisClient & BaselineCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {
    if (typeof (redis as Partial<BaselineCommands>).baselineCommit !== 'function') {
      redis.defineCommand('baselineCommit', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    }
    this.redis = redis as RedisClient & BaselineCommands;
  }

  key(orderId: string): string {
    return `${this.prefix}:{${orderId}}`;
  }

  async load(orderId: string): Promise<{ persisted: PersistedOrder; version: number }> {
    const [snapshot, version] = await this.redis.hmget(this.key(orderId), 'snapshot', 'version');
    if (snapshot === null) throw new Error(`baseline: no order ${orderId}`);
    return { persisted: JSON.parse(snapshot) as PersistedOrder, version: Number(version) };
  }

  /** Registers a copy of an order for the list baseline (`page`). */
  async remember(orderId: string, persisted: PersistedOrder): Promise<void> {
    await this.redis.multi().hset(this.key(orderId), 'snapshot', JSON.stringify(persisted), 'version', 1).zadd(`${this.prefix}:ids`, Date.now(), orderId).exec();
  }

  /** The list baseline: the newest `limit` ids from one sorted set, then their snapshots in one pipeline. */
  async page(limit: number): Promise<PersistedOrder[]> {
    const ids = await this.redis.zrevrange(`${this.prefix}:ids`, 0, limit - 1);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.key(id), 'snapshot');
    const rows = (await pipeline.exec()) ?? [];
    return rows.map(([, snapshot]) => JSON.parse(snapshot as string) as PersistedOrder);
  }

  /** The create of an order: a compare-and-set from version 0. */
  async commit(orderId: string, expectedVersion: number, persisted: PersistedOrder): Promise<boolean> {
    return (await this.redis.baselineCommit(this.key(orderId), expectedVersion, JSON.stringify(persisted))) === 1;
  }

  /** Load → transition → compare-and-set, recomputed on a lost race (as the engine does). */
  async apply(machine: OrderMachine, orderId: string, buildEvent: (persisted: PersistedOrder, stamp: { at: string; seq: number }) => OrderEvent): Promise<PersistedOrder> {
    for (;;) {
      const { persisted, version } = await this.load(orderId);
      const event = buildEvent(persisted, { at: this.clock.now().toUTC().toISO()!, seq: version + 1 });
      const logic = machine as AnyStateMachine;
      const [after] = transition(logic, logic.resolveState(persisted), event);
      const next: PersistedOrder = { value: after.value, context: after.context };
      if (await this.commit(orderId, version, next)) return next;
    }
  }
}
