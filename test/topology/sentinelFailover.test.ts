import { Redis } from 'ioredis';
import { createHarness, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { startSentinelSet, type SentinelSet } from '../support/redisTopology';
import { eventually } from '../support/stack';

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

it('R81: after a planned Sentinel failover the service writes to the new primary by itself, without a restart', async () => {
  const { engine, redis } = harness.services;
  const order = await engine.createOrder(usOrderInput(), ops);
  const oldPrimary = sentinels.data.primary;

  const sentinel = new Redis(sentinels.sentinels[0].port, '127.0.0.1');
  const demoted = new Redis(oldPrimary.port, '127.0.0.1');
  try {
    await sentinel.call('SENTINEL', 'FAILOVER', sentinels.masterName);
    await eventually(async () => (await sentinels.currentPrimaryPort()) !== oldPrimary.port, 20_000, 'the promotion');
    await eventually(async () => /role:slave/.test(await demoted.info('replication')), 20_000, 'the old primary to become a replica');
  } finally {
    sentinel.disconnect();
    demoted.disconnect();
  }

  // As a client would, a refused write is retried with the same Idempotency-Key.
  const submitted = await eventually(() => engine.apply(order.id, { type: 'SUBMIT' }, ops, { idempotencyKey: 'after-failover' }).catch(() => null), 10_000, 'a write after the failover');
  expect(submitted.state).toBe('submitted');
  const servedBy = Number(/tcp_port:(\d+)/.exec(await redis.info('server'))![1]);
  expect(servedBy).toBe(sentinels.data.replicas[0].port);
  expect(await engine.history(order.id)).toHaveLength(2);
});
