import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /**
   * BullMQ's blocking connections (Worker, QueueEvents) require `maxRetriesPerRequest: null`;
   * plain store connections keep ioredis' default so a dead Redis fails a request instead of hanging it.
   */
  forBullMQ?: boolean;
  /** Shown by CLIENT LIST, to tell the service's connections apart. */
  connectionName?: string;
}

/** Opens a connection right away (not lazily), so a bad REDIS_URL shows at start, not at the first request. */
export function createRedis(url: string, opts: RedisConnectionOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: false,
    connectionName: opts.connectionName,
    ...(opts.forBullMQ ? { maxRetriesPerRequest: null } : {}),
  });
}
