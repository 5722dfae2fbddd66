import type { RedisClient } from '../../src/store/redis';

/**
 * Every value stored under the given key patterns, whatever its type, as text — for scans such as
 * R12's "the PIN appears nowhere". Bounded: stops after `maxKeys` keys.
 */
export async function dumpValues(redis: RedisClient, patterns: string[], maxKeys = 500_000): Promise<string[]> {
  const values: string[] = [];
  let keys = 0;
  for (const pattern of patterns) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) {
        if (++keys > maxKeys) throw new Error(`more than ${maxKeys} keys under ${patterns.join(', ')}`);
        values.push(key, await valueOf(redis, key));
      }
    } while (cursor !== '0');
  }
  return values;
}

async function valueOf(redis: RedisClient, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}
