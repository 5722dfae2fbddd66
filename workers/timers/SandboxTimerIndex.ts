import type { RedisClient } from '../../src/store/redis';

/**
 * Sandbox only (SPEC §5.2): every parked timer job by due time, so moving the sandbox clock can
 * fire the timers that became due in due order. Outside the sandbox BullMQ's own delay does this.
 */
export class SandboxTimerIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
  ) {}

  async add(jobId: string, dueMs: number): Promise<void> {
    await this.redis.zadd(this.key, dueMs, jobId);
  }

  async remove(jobId: string): Promise<void> {
    await this.redis.zrem(this.key, jobId);
  }

  /** The earliest timer due at or before `untilMs`, or null. Ties are broken by job id (deterministic). */
  async earliestDue(untilMs: number): Promise<{ jobId: string; dueMs: number } | null> {
    const [jobId, score] = await this.redis.zrangebyscore(this.key, '-inf', untilMs, 'WITHSCORES', 'LIMIT', 0, 1);
    return jobId === undefined ? null : { jobId, dueMs: Number(score) };
  }
}
