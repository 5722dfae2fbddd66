import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, type Redis } from 'ioredis';
import { SettableClock, type Clock } from '../../src/clock/clock';
import { loadConfig, type Config } from '../../src/config/config';
import type { RedisTopology } from '../../src/config/redisTopology';
import { createServices, type Services } from '../../src/runtime/services';
import { createRedis } from '../../src/store/redis';

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

/**
 * Where the tests' Redis is (R80): a Sentinel set a test passes in, the Cluster at
 * REDIS_CLUSTER_NODES (jest's `cluster` project, where prefixes must be hash tags), or else the
 * single Redis at REDIS_URL.
 */
function testTopologyEnv(id: string, overrides: Record<string, string>): Record<string, string> {
  const prefixes = { KEY_PREFIX: `test:${id}`, QUEUE_PREFIX: `testq:${id}` };
  if (overrides.REDIS_SENTINELS) return prefixes;
  const clusterNodes = process.env.REDIS_CLUSTER_NODES;
  if (clusterNodes) return { REDIS_CLUSTER_NODES: clusterNodes, KEY_PREFIX: `{${prefixes.KEY_PREFIX}}`, QUEUE_PREFIX: `{${prefixes.QUEUE_PREFIX}}` };
  return { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', ...prefixes };
}

export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const id = randomBytes(4).toString('hex');
  return {
    ...testTopologyEnv(id, overrides),
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

/** Unlinks every key matching `patterns`: on each primary of a Cluster, on the one server otherwise. */
export async function deleteKeys(redis: string | RedisTopology, patterns: string[]): Promise<void> {
  const client = createRedis(typeof redis === 'string' ? { kind: 'single', url: redis } : redis);
  try {
    const servers = client instanceof Cluster ? await clusterPrimaries(client) : [client];
    for (const server of servers) {
      for (const pattern of patterns) {
        let cursor = '0';
        do {
          const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await server.unlink(...keys);
        } while (cursor !== '0');
      }
    }
  } finally {
    client.disconnect();
  }
}

async function clusterPrimaries(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== 'ready') await new Promise((ready) => cluster.once('ready', ready));
  return cluster.nodes('master');
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
      await deleteKeys(config.redis, [`${config.KEY_PREFIX}:*`, `${config.QUEUE_PREFIX}:*`]);
      rmSync(config.DATA_DIR, { recursive: true, force: true });
    },
  };
}
