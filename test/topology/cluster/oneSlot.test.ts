import { Cluster } from 'ioredis';
import { ReplicationUnconfirmedError } from '../../../src/errors/ReplicationUnconfirmedError';
import { createHarness, type Harness } from '../../support/harness';
import { usOrderInput } from '../../support/orderInputs';

/** R80/R42 on the real Cluster of the `cluster` project (jest.config.js). */
let harness: Harness;

beforeAll(() => {
  harness = createHarness();
});
afterAll(async () => {
  await harness.close();
});

it('R80: the harness runs on the Redis Cluster, with hash-tag prefixes', () => {
  expect(harness.services.redis).toBeInstanceOf(Cluster);
  expect(harness.services.bullRedis).toBeInstanceOf(Cluster);
  expect(harness.config.KEY_PREFIX).toMatch(/^\{.+\}$/);
});

it('R42: with a hash-tag KEY_PREFIX every key of an order, its indexes and its outbox sit in one slot of one primary', async () => {
  const { engine, relay } = harness.services;
  const order = await engine.createOrder(usOrderInput(), { id: 'ops' });
  await engine.apply(order.id, { type: 'SUBMIT' }, { id: 'ops' }, { idempotencyKey: 'one-slot-submit' });
  await relay.drain();
  const cluster = harness.services.redis as Cluster;
  const keysByPrimary = await Promise.all(
    cluster.nodes('master').map(async (node) => (await node.keys(`${harness.config.KEY_PREFIX}*`)).length),
  );
  expect(keysByPrimary.filter((count) => count > 0)).toHaveLength(1);
  const keys = await cluster.nodes('master')[keysByPrimary.findIndex((count) => count > 0)].keys(`${harness.config.KEY_PREFIX}*`);
  expect(keys.length).toBeGreaterThan(8);
  const slots = new Set(await Promise.all(keys.map((key) => cluster.cluster('KEYSLOT', key))));
  expect(slots.size).toBe(1);
});

it('R81: on a Cluster the commit waits on the primary of the prefix slot; with no replica there it is unconfirmed', async () => {
  const strict = createHarness({ env: { REDIS_MIN_REPLICAS_ACK: '1', REDIS_WAIT_TIMEOUT_MS: '50' } });
  try {
    await expect(strict.services.engine.createOrder(usOrderInput(), { id: 'ops' })).rejects.toBeInstanceOf(ReplicationUnconfirmedError);
  } finally {
    await strict.close();
  }
});
