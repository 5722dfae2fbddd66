import { Redis } from 'ioredis';
import { createHarness, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { startSentinelSet, type SentinelSet } from '../support/redisTopology';

/**
 * R81: a planned failover (`SENTINEL FAILOVER`): the old primary keeps running, as a replica, and the
 * sentinels disconnect its clients (CLIENT KILL); the service asks them for the new primary by itself.
 * (The kill -9 case is the drill, test/faults/sentinelFailover.drill.ts.)
 */
const ops = { id: 'api:ops', role: 'ops' as const };
let sentinels: SentinelSet;
let harness: Harness;

beforeAll(async () => {
  sentinels = await startSentinelSet({ replicaCount: 1, sentinelCount: 1, downAfterMs: 1_000 });
  harness = createHarness({ env: sentinels.env });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await sentinels?.destroy();
});

async function until<T>(probe: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('R81: after a planned Sentinel failover the service writes to the new primary by itself, without a restart', async () => {
  const { engine, redis } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  const oldPrimary = sentinels.data.primary;

  const sentinel = new Redis(sentinels.sentinels[0].port, '127.0.0.1');
  const demoted = new Redis(oldPrimary.port, '127.0.0.1');
  try {
    await sentinel.call('SENTINEL', 'FAILOVER', sentinels.masterName);
    await until(async () => ((await sentinels.currentPrimaryPort()) !== oldPrimary.port ? true : null), 20_000, 'the promotion');
    await until(async () => (/role:slave/.test(await demoted.info('replication')) ? true : null), 20_000, 'the old primary to become a replica');
  } finally {
    sentinel.disconnect();
    demoted.disconnect();
  }

  // As a client would, a refused write is retried with the same Idempotency-Key.
  const submitted = await until(() => engine.apply(order.id, { type: 'SUBMIT' }, ops, { idempotencyKey: 'after-failover' }), 10_000, 'a write after the failover');
  expect(submitted.state).toBe('submitted');
  const servedBy = Number(/tcp_port:(\d+)/.exec(await redis.info('server'))![1]);
  expect(servedBy).toBe(sentinels.data.replicas[0].port);
  expect(await engine.history(order.id)).toHaveLength(2);
});
