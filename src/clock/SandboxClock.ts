import { DateTime } from 'luxon';
import type { RedisClient } from '../store/redis';
import type { Clock } from './clock';

/**
 * The sandbox clock of SPEC §5.2: one "now" kept in Redis, so every API and worker process shares
 * it and it survives restarts. It stands still between moves (rehearsals are deterministic) and
 * only ever moves forward. It starts at the real time of its first use.
 *
 * `now()` is synchronous like every clock; `sync()` refreshes it from Redis and the engine calls it
 * before each decision, so a process never acts on a time another process has already moved past.
 */
export class SandboxClock implements Clock {
  private current: DateTime = DateTime.utc();

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
  ) {}

  now(): DateTime {
    return this.current;
  }

  async sync(): Promise<void> {
    const stored = await this.redis.get(this.key);
    if (stored) {
      this.current = DateTime.fromMillis(Number(stored), { zone: 'utc' });
      return;
    }
    // First use anywhere: start at the real time (the one place the sandbox reads the system clock).
    await this.redis.set(this.key, String(DateTime.utc().toMillis()), 'NX');
    await this.sync();
  }

  /** Moves the clock to `to` unless that is in the past of the shared clock; answers the clock after the move. */
  async moveTo(to: DateTime): Promise<{ now: DateTime; moved: boolean }> {
    await this.sync();
    const target = to.toUTC().toMillis();
    // Compare-and-set in one script: two operators moving the clock at once cannot move it back.
    const result = (await this.redis.eval(
      "local cur = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) return 1 end return 0",
      1,
      this.key,
      String(target),
    )) as number;
    await this.sync();
    return { now: this.current, moved: result === 1 };
  }
}
