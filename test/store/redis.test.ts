import type { Redis } from 'ioredis';
import { createRedis } from '../../src/store/redis';

const topology = { kind: 'single', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } as const;

describe('createRedis', () => {
  it('§6: connects at once, named, with ioredis retries for store connections', async () => {
    const redis = createRedis(topology, { connectionName: 'portflow-store-test' }) as Redis;
    try {
      await new Promise((resolve) => redis.once('ready', resolve));
      expect(redis.status).toBe('ready');
      expect(await redis.client('GETNAME')).toBe('portflow-store-test');
      expect(redis.options.maxRetriesPerRequest).toBe(20);
    } finally {
      await redis.quit();
    }
  });

  it('§4: BullMQ-bound connections never give up a request (maxRetriesPerRequest null)', async () => {
    const redis = createRedis(topology, { forBullMQ: true }) as Redis;
    try {
      expect(redis.options.maxRetriesPerRequest).toBeNull();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await redis.quit();
    }
  });
});
