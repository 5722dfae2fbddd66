import { CommitFailedError } from '../../src/store/errors/CommitFailedError';
import type { OutboxEntry } from '../../src/store/types';
import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';
import { storedOutboxEntriesOf } from '../../workers/relay/OutboxRelay';

const fx = storeFixture('atomicity');
afterAll(() => fx.cleanup());

const mailEntry = (orderId: string, seq: number, index: number): OutboxEntry => ({
  id: `${orderId}:${seq}:${index}`,
  orderId,
  seq,
  effect: { type: 'mail', template: 'submitted', to: 'both' },
});

/** Everything a commit of `orderId` could have written, read back in one go. */
async function footprint(orderId: string) {
  const p = fx.prefix;
  const [order, history, numbers, slots, outbox, feed, all, drafts, submitted] = await Promise.all([
    fx.redis.hgetall(`${p}:order:{${orderId}}`),
    fx.redis.lrange(`${p}:history:{${orderId}}`, 0, '-1'),
    fx.redis.hgetall(`${p}:numbers`),
    fx.redis.hgetall(`${p}:slots`),
    fx.redis.xrange(`${p}:outbox`, '-', '+'),
    fx.redis.xrange(`${p}:feed`, '-', '+'),
    fx.redis.zrange(`${p}:orders:all`, 0, '-1'),
    fx.redis.zrange(`${p}:orders:state:draft`, 0, '-1'),
    fx.redis.zrange(`${p}:orders:state:submitted`, 0, '-1'),
  ]);
  return { order, history, numbers, slots, outbox, feed, all, drafts, submitted };
}

describe('commit writes everything or nothing', () => {
  it('R38: a successful create writes snapshot, version, history, number index, slot, indexes, outbox and feed', async () => {
    const store = fx.store();
    const id = newOrderId();
    const result = await store.commit(
      createRequest(id, {
        claimNumbers: ['+13034560001', '+13034560002'],
        reserveSlot: '2026-12-16T16:00:00.000Z',
        outbox: [mailEntry(id, 1, 0), mailEntry(id, 1, 1)],
      }),
    );
    expect(result).toEqual({ ok: true, version: 1 });

    const written = await footprint(id);
    expect(written.order).toMatchObject({ version: '1', state: 'draft', kind: 'us', snapshot: expect.any(String) });
    expect(written.history.map((e) => JSON.parse(e).seq)).toEqual([1]);
    expect(written.numbers).toMatchObject({ '+13034560001': id, '+13034560002': id });
    expect(written.slots['2026-12-16T16:00:00.000Z']).toBe('1');
    // One stream entry per commit, holding its effects in order.
    expect(written.outbox.map(([, fields]) => storedOutboxEntriesOf(fields).map(({ entry }) => entry.id))).toEqual([[`${id}:1:0`, `${id}:1:1`]]);
    expect(written.feed.map(([, fields]) => JSON.parse(fields[1]).orderId)).toEqual([id]);
    expect(written.all).toContain(id);
    expect(written.drafts).toContain(id);
    expect(await store.load(id)).toEqual({
      id,
      snapshot: JSON.stringify({ id, state: 'draft' }),
      version: 1,
      state: 'draft',
      kind: 'us',
      projectId: null,
    });
  });

  it('R38: a transition moves the order between state indexes and appends one history entry', async () => {
    const store = fx.store();
    const id = newOrderId();
    await store.commit(createRequest(id));
    expect(await store.commit(transitionRequest(id, 1, 'draft', 'submitted'))).toEqual({ ok: true, version: 2 });

    const written = await footprint(id);
    expect(written.drafts).not.toContain(id);
    expect(written.submitted).toContain(id);
    expect((await store.history(id)).map((e) => [e.seq, e.from, e.to])).toEqual([
      [1, null, 'draft'],
      [2, 'draft', 'submitted'],
    ]);
  });

  it('R38: a failure injected after the checks leaves nothing written', async () => {
    const id = newOrderId();
    await fx.store().commit(createRequest(id));
    const before = await footprint(id);

    const failing = fx.store({ testHooks: { failAfterChecks: true } });
    const attempt = failing.commit(
      transitionRequest(id, 1, 'draft', 'submitted', {
        claimNumbers: ['+13034560099'],
        reserveSlot: '2026-12-16T16:15:00.000Z',
        outbox: [mailEntry(id, 2, 0)],
        idempotency: { key: 'k-injected', response: '{}', ttlSeconds: 86400 },
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(CommitFailedError);
    await expect(attempt).rejects.toMatchObject({ code: 'store_commit_failed' });

    expect(await footprint(id)).toEqual(before);
    expect((await fx.store().load(id))?.version).toBe(1);
    expect(await fx.store().readIdempotent('k-injected')).toBeNull();
  });

  it('R38: a refused number claim leaves nothing written', async () => {
    const store = fx.store();
    const owner = newOrderId();
    await store.commit(createRequest(owner, { claimNumbers: ['+13034560500'] }));
    const other = newOrderId();
    await store.commit(createRequest(other));
    const before = await footprint(other);

    const result = await store.commit(
      transitionRequest(other, 1, 'draft', 'submitted', {
        claimNumbers: ['+13034560501', '+13034560500'],
        reserveSlot: '2026-12-16T16:30:00.000Z',
        outbox: [mailEntry(other, 2, 0)],
      }),
    );
    expect(result).toEqual({ ok: false, reason: 'number_in_active_order', number: '+13034560500', orderId: owner });
    expect(await footprint(other)).toEqual(before);
  });

  it('R38: a full slot leaves nothing written', async () => {
    const store = fx.store({ slotCapacity: 1 });
    const slot = '2026-12-17T16:00:00.000Z';
    await store.commit(createRequest(newOrderId(), { reserveSlot: slot }));
    const id = newOrderId();
    await store.commit(createRequest(id));
    const before = await footprint(id);

    const result = await store.commit(
      transitionRequest(id, 1, 'draft', 'scheduled', {
        reserveSlot: slot,
        claimNumbers: ['+13034560777'],
        outbox: [mailEntry(id, 2, 0)],
      }),
    );
    expect(result).toEqual({ ok: false, reason: 'slot_full', slot });
    expect(await footprint(id)).toEqual(before);
  });
});
