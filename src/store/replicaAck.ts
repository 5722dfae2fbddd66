import { Cluster, type Redis } from 'ioredis';
import { ReplicationUnconfirmedError } from '../errors/ReplicationUnconfirmedError';
import type { RedisClient } from './redis';

/** R81: REDIS_MIN_REPLICAS_ACK and REDIS_WAIT_TIMEOUT_MS. */
export interface ReplicaAckPolicy {
  replicas: number;
  timeoutMs: number;
}

/**
 * Waits until `replicas` replicas hold every write this connection made so far (`WAIT`), and
 * throws `ReplicationUnconfirmedError` when fewer confirm in time. WAIT counts the writes of the
 * connection it is sent on, so it goes over the store's own connection; on a Cluster, over the
 * connection to the primary that serves `slotKey` (every portflow key shares that slot).
 */
export async function confirmReplicated(redis: RedisClient, policy: ReplicaAckPolicy, slotKey: string): Promise<void> {
  if (policy.replicas === 0) return;
  const node = redis instanceof Cluster ? await primaryServing(redis, slotKey) : redis;
  const acknowledged = await node.wait(policy.replicas, policy.timeoutMs);
  if (acknowledged < policy.replicas) throw new ReplicationUnconfirmedError(policy.replicas, acknowledged, policy.timeoutMs);
}

async function primaryServing(cluster: Cluster, key: string): Promise<Redis> {
  const slot = Number(await cluster.cluster('KEYSLOT', key));
  const [primaryKey] = cluster.slots[slot] ?? [];
  const primary = cluster.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === primaryKey);
  if (!primary) throw new Error(`no connection to the primary of slot ${slot} (${primaryKey ?? 'unknown'})`);
  return primary;
}
