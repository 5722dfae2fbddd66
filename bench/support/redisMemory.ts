import type { RedisClient } from '../../src/store/redis';

/** Redis memory figures for the benchmarks: INFO used_memory, and MEMORY USAGE summed over keys. */

export async function usedMemory(redis: RedisClient): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

/** MEMORY USAGE with every element counted (SAMPLES 0), not an estimate from 5 of them. */
export async function memoryUsage(redis: RedisClient, key: string): Promise<number> {
  return Number((await redis.memory('USAGE', key, 'SAMPLES', '0')) ?? 0);
}

/** MEMORY USAGE of every key matching `pattern`, by key (SCAN, then pipelined reads). */
export async function memoryByKey(redis: RedisClient, pattern: string): Promise<Map<string, number>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  const usage = new Map<string, number>();
  for (let from = 0; from < keys.length; from += 1000) {
    const batch = keys.slice(from, from + 1000);
    const reads = redis.pipeline();
    for (const key of batch) reads.memory('USAGE', key, 'SAMPLES', '0');
    const replies = (await reads.exec()) ?? [];
    batch.forEach((key, i) => usage.set(key, Number(replies[i][1] ?? 0)));
  }
  return usage;
}
