import { InvalidCursorError } from '../../src/store/errors/InvalidCursorError';
import type { OrderStore } from '../../src/store/OrderStore';
import { newProjectId } from '../../src/orders/ids';
import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';

const fx = storeFixture('listing');
afterAll(() => fx.cleanup());

const T0 = Date.parse('2026-11-01T00:00:00Z');

/** Creates orders with the given createdAt offsets (ms after T0), returns their ids in that order. */
async function createAt(store: OrderStore, offsets: number[], kind = 'us'): Promise<string[]> {
  const ids: string[] = [];
  for (const offset of offsets) {
    const id = newOrderId();
    await store.commit(createRequest(id, { createdAtMs: T0 + offset, kind }));
    ids.push(id);
  }
  return ids;
}

async function allPages(store: OrderStore, query: { state?: string; kind?: string; limit: number }): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...query, cursor });
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe('listing orders', () => {
  // Each test lists its own kind, so the tests of this file do not see each other's orders.
  it('§5 list: newest first across pages, including orders created in the same millisecond', async () => {
    const store = fx.store();
    const ids = await createAt(store, [1, 2, 2, 2, 3, 4, 5], 'paging');
    const newestFirst = [ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]];
    for (const limit of [1, 2, 3, 7, 10]) expect(await allPages(store, { kind: 'paging', limit })).toEqual(newestFirst);

    const last = await store.list({ kind: 'paging', limit: 7 });
    expect(last.nextCursor).toBeNull();
  });

  it('§5 list: paging is stable when newer orders are created between pages', async () => {
    const store = fx.store();
    const ids = await createAt(store, [10, 20, 30, 40], 'stable');
    const first = await store.list({ kind: 'stable', limit: 2 });
    expect(first.items.map((o) => o.id)).toEqual([ids[3], ids[2]]);

    await createAt(store, [50, 60], 'stable');
    const second = await store.list({ kind: 'stable', limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((o) => o.id)).toEqual([ids[1], ids[0]]);
  });

  it('§5 list: filters by state, by kind and by both', async () => {
    const store = fx.store();
    const [draftUs, submittedUs] = await createAt(store, [100, 200], 'filterA');
    const [submittedTf] = await createAt(store, [300], 'filterB');
    await store.commit(transitionRequest(submittedUs, 1, 'draft', 'submitted', { kind: 'filterA' }));
    await store.commit(transitionRequest(submittedTf, 1, 'draft', 'submitted', { kind: 'filterB' }));

    expect(await allPages(store, { kind: 'filterA', limit: 10 })).toEqual([submittedUs, draftUs]);
    expect(await allPages(store, { state: 'submitted', kind: 'filterA', limit: 10 })).toEqual([submittedUs]);
    expect(await allPages(store, { state: 'draft', kind: 'filterA', limit: 10 })).toEqual([draftUs]);
    const submitted = await allPages(store, { state: 'submitted', limit: 100 });
    expect(submitted).toEqual(expect.arrayContaining([submittedUs, submittedTf]));
    expect(submitted).not.toContain(draftUs);
    expect((await store.list({ state: 'submitted', kind: 'filterA', limit: 1 })).items[0]).toMatchObject({
      id: submittedUs,
      state: 'submitted',
      version: 2,
    });
  });

  it('§5 list and events: refuse a cursor it did not hand out', async () => {
    const store = fx.store();
    await expect(store.list({ limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.feed('0-0; DROP', 5)).rejects.toMatchObject({ code: 'invalid_cursor', details: { issues: [expect.objectContaining({ path: 'query.after', code: 'invalid_cursor' })] } });
  });
});

describe('change feed', () => {
  it('R44 events: pages every accepted event in order, exclusive of the cursor', async () => {
    const store = fx.store();
    const start = await store.feed(undefined, 1_000_000);
    const from = start.items.length > 0 ? start.items[start.items.length - 1].cursor : undefined;

    const id = newOrderId();
    await store.commit(createRequest(id));
    await store.commit(transitionRequest(id, 1, 'draft', 'draft'));
    await store.commit(transitionRequest(id, 2, 'draft', 'submitted'));
    await store.commit(transitionRequest(id, 3, 'submitted', 'rejected'));

    const first = await store.feed(from, 2);
    expect(first.items.map((e) => [e.seq, e.type, e.from, e.to])).toEqual([
      [1, 'port_order.state_changed', null, 'draft'],
      [2, 'port_order.updated', 'draft', 'draft'],
    ]);
    expect(first.nextCursor).toBe(first.items[1].cursor);
    const second = await store.feed(first.nextCursor ?? undefined, 2);
    expect(second.items.map((e) => [e.seq, e.orderId, e.to])).toEqual([
      [3, id, 'submitted'],
      [4, id, 'rejected'],
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await store.feed(second.items[1].cursor, 2)).items).toEqual([]);
  });

  it('R44 events: an entry written before R44 (the event in `type`) reads like the new ones', async () => {
    const store = fx.store();
    const legacy = { orderId: 'po_legacy', seq: 2, type: 'SUBMIT', from: 'draft', to: 'submitted', at: '2026-12-01T16:00:00.000Z' };
    const cursor = await fx.redis.xadd(`${fx.prefix}:feed`, '*', 'entry', JSON.stringify(legacy));
    const page = await store.feed(undefined, 1_000_000);
    expect(page.items.find((entry) => entry.cursor === cursor)).toEqual({ ...legacy, type: 'port_order.state_changed', event: 'SUBMIT', cursor });
  });
});

describe('projects', () => {
  it('§1.4 projects: a project lists the orders created in its commit', async () => {
    const store = fx.store();
    const project = { id: newProjectId(), createdAt: '2026-11-02T00:00:00.000Z' };
    const members = [newOrderId(), newOrderId()].sort();
    expect(await store.commitProject(project, members.map((id) => createRequest(id, { projectId: project.id })))).toEqual({ ok: true });
    await store.commit(createRequest(newOrderId()));

    expect(await store.loadProject(project.id)).toEqual({
      id: project.id,
      createdAt: '2026-11-02T00:00:00.000Z',
      orderIds: members,
    });
    expect((await store.load(members[0]))?.projectId).toBe(project.id);
    expect(await store.loadProject('pp_missing')).toBeNull();
  });
});
