import { MIN_IDEMPOTENCY_TTL_SECONDS } from '../../src/store/OrderStore';
import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';

const fx = storeFixture('idempotency');
afterAll(() => fx.cleanup());

const DAY = 24 * 60 * 60;

describe('idempotency', () => {
  it('R40: a replayed event returns the stored response and writes nothing', async () => {
    const store = fx.store();
    const id = newOrderId();
    await store.commit(createRequest(id));
    const submit = (response: string) =>
      transitionRequest(id, 1, 'draft', 'submitted', {
        claimNumbers: ['+13034565555'],
        idempotency: { key: 'req-1', response, ttlSeconds: DAY },
      });

    expect(await store.commit(submit('{"state":"submitted"}'))).toEqual({ ok: true, version: 2 });
    const keysAfterFirst = await fx.keys();
    const feedAfterFirst = await fx.redis.xlen(`${fx.prefix}:feed`);

    // The replay carries the version it was computed from, which the first request already moved on.
    expect(await store.commit(submit('{"second":true}'))).toEqual({
      ok: false,
      reason: 'idempotent_replay',
      response: '{"state":"submitted"}',
    });
    expect((await store.load(id))?.version).toBe(2);
    expect(await store.history(id)).toHaveLength(2);
    expect(await fx.redis.xlen(`${fx.prefix}:feed`)).toBe(feedAfterFirst);
    expect(await fx.keys()).toEqual(keysAfterFirst);
    expect(await store.readIdempotent('req-1')).toBe('{"state":"submitted"}');
  });

  it('R40: a replayed create returns the first order, whatever id the retry generated', async () => {
    const store = fx.store();
    const [first, retry] = [newOrderId(), newOrderId()];
    const create = (id: string) =>
      createRequest(id, { idempotency: { key: 'create-1', response: `{"id":"${first}"}`, ttlSeconds: DAY } });

    expect(await store.commit(create(first))).toEqual({ ok: true, version: 1 });
    expect(await store.commit(create(retry))).toEqual({
      ok: false,
      reason: 'idempotent_replay',
      response: `{"id":"${first}"}`,
    });
    expect(await store.load(retry)).toBeNull();
    expect(await store.readIdempotent('create-1')).toBe(`{"id":"${first}"}`);
  });

  it('R40: records live at least 24 hours, even when asked for less', async () => {
    const store = fx.store();
    const id = newOrderId();
    await store.commit(createRequest(id, { idempotency: { key: 'short', response: '{}', ttlSeconds: 60 } }));
    await store.commit(
      transitionRequest(id, 1, 'draft', 'submitted', { idempotency: { key: 'long', response: '{}', ttlSeconds: 2 * DAY } }),
    );

    expect(MIN_IDEMPOTENCY_TTL_SECONDS).toBe(DAY);
    expect(await fx.redis.ttl(`${fx.prefix}:idem:short`)).toBeGreaterThanOrEqual(DAY - 5);
    expect(await fx.redis.ttl(`${fx.prefix}:idem:long`)).toBeGreaterThan(DAY);
  });
});
