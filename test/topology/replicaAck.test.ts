import { usOrderInput } from '../support/orderInputs';
import { startReplicatedRedis, type ReplicatedRedis } from '../support/redisTopology';
import { startStack, type Stack } from '../support/stack';
import { storeKeys } from '../../src/store/keys';

/** R81: with REDIS_MIN_REPLICAS_ACK a commit is answered only once that many replicas hold it. */
let redis: ReplicatedRedis;
let stack: Stack;

beforeAll(async () => {
  redis = await startReplicatedRedis(0);
  stack = await startStack({ REDIS_URL: redis.primary.url, REDIS_MIN_REPLICAS_ACK: '1', REDIS_WAIT_TIMEOUT_MS: '150' });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await redis?.destroy();
});

it('R81: a commit no replica confirmed answers 503 replication_unconfirmed, and its retry with the same Idempotency-Key replays it', async () => {
  const headers = { 'idempotency-key': 'replica-ack-create-1' };
  // One request, sent again as it was: the same key with another body is refused (R54).
  const input = usOrderInput();
  const unconfirmed = await stack.call('POST', '/v1/port-orders', input, headers);
  expect(unconfirmed.status).toBe(503);
  expect(unconfirmed.body.error).toMatchObject({ code: 'replication_unconfirmed', details: { required: 1, acknowledged: 0 } });

  // Still no replica: the replay does not vouch for the commit either.
  expect((await stack.call('POST', '/v1/port-orders', input, headers)).status).toBe(503);

  await redis.addReplica();
  const replayed = await stack.call('POST', '/v1/port-orders', input, headers);
  expect(replayed.status).toBe(201);
  const again = await stack.call('POST', '/v1/port-orders', input, headers);
  expect(again.body.id).toBe(replayed.body.id);
  // One order, one history entry: the retries replayed the first commit, they did not repeat it.
  expect(await stack.harness.services.redis.zcard(storeKeys(stack.harness.config.KEY_PREFIX).ordersAll())).toBe(1);
  expect(await stack.harness.services.engine.history(replayed.body.id)).toHaveLength(1);
});

it('R81: with a replica in sync, an event commits and answers at once', async () => {
  if (redis.replicas.length === 0) await redis.addReplica();
  const id = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body.id as string;
  const submitted = await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' });
  expect(submitted.status).toBe(200);
  expect(submitted.body.state).toBe('submitted');
});
