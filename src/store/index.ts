export { OrderStore, MIN_IDEMPOTENCY_TTL_SECONDS, type OrderStoreOptions } from './OrderStore';
export { storeKeys, type StoreKeys } from './keys';
export { createRedis, type RedisConnectionOptions } from './redis';
export { checkEvictionPolicy, type EvictionPolicyCheck } from './redisPolicy';
export { CommitFailedError } from './errors/CommitFailedError';
export { EvictionPolicyError } from './errors/EvictionPolicyError';
export { InvalidCursorError } from './errors/InvalidCursorError';
export { SlotRangeError } from './errors/SlotRangeError';
export type * from './types';
