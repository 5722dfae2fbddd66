/** R43: Redis may evict keys (BullMQ's queues and portflow's orders would silently vanish). */
export class EvictionPolicyError extends Error {
  readonly code = 'redis_eviction_policy';
  constructor(readonly policy: string) {
    super(
      `Redis maxmemory-policy is "${policy}", but portflow needs "noeviction" (evicted keys would lose orders and jobs). ` +
        'Run `CONFIG SET maxmemory-policy noeviction` (and persist it in redis.conf), ' +
        'or set REDIS_EVICTION_POLICY_CHECK=warn to start anyway.',
    );
    this.name = 'EvictionPolicyError';
  }
}
