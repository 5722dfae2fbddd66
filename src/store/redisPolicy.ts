import type { RedisClient } from './redis';
import { EvictionPolicyError } from './errors/EvictionPolicyError';

export interface EvictionPolicyCheck {
  policy: string;
  /** Set in warn mode when the policy is not `noeviction`: the caller logs it. */
  warning: string | null;
}

/** Managed Redis services often disable CONFIG; INFO still reports the policy. */
async function readEvictionPolicy(redis: RedisClient): Promise<string> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    if (policy) return policy;
  } catch {
    // CONFIG renamed or forbidden: fall through to INFO.
  }
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'unknown';
}

/**
 * R43: BullMQ and the order store need `maxmemory-policy noeviction` (an evicted key is a lost
 * order or job). Refuses to go on otherwise, unless told to only warn.
 */
export async function checkEvictionPolicy(redis: RedisClient, mode: 'refuse' | 'warn'): Promise<EvictionPolicyCheck> {
  const policy = await readEvictionPolicy(redis);
  if (policy === 'noeviction') return { policy, warning: null };
  const problem = new EvictionPolicyError(policy);
  if (mode === 'refuse') throw problem;
  return { policy, warning: problem.message };
}
