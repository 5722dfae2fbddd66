import { commitKeys } from '../../src/store/commitKeys';
import { storeKeys } from '../../src/store/keys';
import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';

const fx = storeFixture('keys');
afterAll(() => fx.cleanup());

/** Redis Cluster hashes only the first `{…}` of a key with something inside it. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('key layout', () => {
  const keys = storeKeys('portflow');
  const id = 'po_01JTEST';
  const transition = transitionRequest(id, 3, 'focConfirmed', 'scheduled', {
    projectId: 'pj_01JTEST',
    idempotency: { key: 'k1', response: '{}', ttlSeconds: 86400 },
  });

  it('R42: every per-order key of a commit carries the order id as a hash tag; the rest are the shared keys', () => {
    const list = commitKeys(keys, transition);
    expect(list).toHaveLength(16);
    const perOrder = list.filter((key) => key.includes(`{${id}}`));
    expect(perOrder).toEqual(['portflow:order:{po_01JTEST}', 'portflow:history:{po_01JTEST}']);
    expect(list.filter((key) => !perOrder.includes(key))).toEqual([
      // R54: an idempotency record belongs to the caller, not to one order.
      'portflow:idem:k1',
      'portflow:numbers',
      'portflow:slots',
      'portflow:outbox',
      'portflow:feed',
      'portflow:orders:all',
      'portflow:orders:kind:us',
      'portflow:orders:state:focConfirmed',
      'portflow:orders:state:focConfirmed:kind:us',
      'portflow:orders:state:scheduled',
      'portflow:orders:state:scheduled:kind:us',
      'portflow:projects:{pj_01JTEST}:orders',
      'portflow:search',
      'portflow:orders:attention',
    ]);
  });

  it('R42: with a hash-tag KEY_PREFIX every key of a commit hashes to one Redis Cluster slot', () => {
    const tagged = storeKeys('{portflow}');
    for (const request of [transition, createRequest(id, { idempotency: { key: 'c', response: '{}', ttlSeconds: 1 } })]) {
      expect(new Set(commitKeys(tagged, request).map(hashTag))).toEqual(new Set(['portflow']));
    }
  });

  it('R42: every key written for an order on the server carries the order id tag, apart from the shared keys', async () => {
    const store = fx.store();
    const order = newOrderId();
    await store.commit(createRequest(order, { claimNumbers: ['+13034566666'], reserveSlot: '2026-12-16T16:00:00.000Z' }));
    await store.commit(
      transitionRequest(order, 1, 'draft', 'submitted', { idempotency: { key: 'i', response: '{}', ttlSeconds: 86400 } }),
    );

    const shared = new Set(
      ['idem:i', 'numbers', 'slots', 'outbox', 'feed', 'orders:all', 'orders:kind:us', 'orders:state:submitted', 'orders:state:submitted:kind:us'].map(
        (name) => `${fx.prefix}:${name}`,
      ),
    );
    const perOrder = (await fx.keys()).filter((key) => !shared.has(key));
    expect(perOrder.sort()).toEqual(
      [`${fx.prefix}:order:{${order}}`, `${fx.prefix}:history:{${order}}`].sort(),
    );
  });
});
