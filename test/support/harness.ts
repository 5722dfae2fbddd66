import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SettableClock, type Clock } from '../../src/clock/clock';
import { loadConfig, type Config } from '../../src/config/config';
import { createServices, type Services } from '../../src/runtime/services';

/**
 * A real portflow (real Redis, real BullMQ queues) under a key and queue prefix of its own, so test
 * files run side by side and clean up after themselves. Nothing is mocked.
 */
export interface Harness {
  config: Config;
  services: Services;
  clock: Clock;
  /** Drops every key this harness wrote and closes its connections. */
  close(): Promise<void>;
}

export const TEST_TOKENS = {
  ops: 'ops-token-0123456789abcdef',
  viewer: 'viewer-token-0123456789abcdef',
  integration: 'integration-token-0123456789abcdef',
};

export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const id = randomBytes(4).toString('hex');
  return {
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KEY_PREFIX: `test:${id}`,
    QUEUE_PREFIX: `testq:${id}`,
    PIN_ENCRYPTION_KEY: 'a'.repeat(64),
    API_KEYS: Object.entries(TEST_TOKENS)
      .map(([role, token]) => `${role}:${token}`)
      .join(','),
    OPS_EMAIL: 'ops@portflow.test',
    MAIL_FROM: 'portflow <portflow@portflow.test>',
    LOG_LEVEL: 'silent',
    // R51's write limit is off in tests, drills and benches that hammer one key; test/api/deadlines.test.ts sets it.
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'portflow-test-')),
    ...overrides,
  };
}

export async function deleteKeys(redisUrl: string, patterns: string[]): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

export function createHarness(options: { env?: Record<string, string>; clock?: Clock } = {}): Harness {
  const config = loadConfig(testEnv(options.env));
  const clock = options.clock ?? (config.SANDBOX ? undefined : new SettableClock('2026-12-01T16:00:00Z'));
  const services = createServices(config, { clock, warn: () => undefined, consumerName: `test-${process.pid}` });
  return {
    config,
    services,
    clock: services.clock,
    async close() {
      await services.close();
      await deleteKeys(config.redisUrl, [`${config.KEY_PREFIX}:*`, `${config.QUEUE_PREFIX}:*`]);
      rmSync(config.DATA_DIR, { recursive: true, force: true });
    },
  };
}
