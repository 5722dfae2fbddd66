import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';

const fx = storeFixture('numbers');
afterAll(() => fx.cleanup());

describe('number index', () => {
  it('R11: two concurrent creates claiming the same number: exactly one wins, the other names the winner', async () => {
    const store = fx.store();
    const [a, b] = [newOrderId(), newOrderId()];
    const number = '+13034561111';
    const results = await Promise.all([
      store.commit(createRequest(a, { claimNumbers: ['+13034561110', number] })),
      store.commit(createRequest(b, { claimNumbers: [number, '+13034561112'] })),
    ]);

    const winner = results[0].ok ? a : b;
    const loser = winner === a ? b : a;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'number_in_active_order', number, orderId: winner });
    expect(await store.numberOwner(number)).toBe(winner);
    expect(await store.load(loser)).toBeNull();
  });

  it('R11: a number released when its order finishes can be claimed by another order', async () => {
    const store = fx.store();
    const number = '+13034562222';
    const first = newOrderId();
    await store.commit(createRequest(first, { claimNumbers: [number] }));
    const second = newOrderId();
    expect(await store.commit(createRequest(second, { claimNumbers: [number] }))).toMatchObject({
      reason: 'number_in_active_order',
    });

    await store.commit(transitionRequest(first, 1, 'draft', 'cancelled', { releaseNumbers: [number] }));
    expect(await store.numberOwner(number)).toBeNull();
    expect(await store.commit(createRequest(second, { claimNumbers: [number] }))).toEqual({ ok: true, version: 1 });
    expect(await store.numberOwner(number)).toBe(second);
  });

  it('R11: an order re-claiming its own numbers (an UPDATE) is not refused', async () => {
    const store = fx.store();
    const id = newOrderId();
    await store.commit(createRequest(id, { claimNumbers: ['+13034563333'] }));
    const result = await store.commit(
      transitionRequest(id, 1, 'draft', 'draft', { claimNumbers: ['+13034563333', '+13034563334'] }),
    );
    expect(result).toEqual({ ok: true, version: 2 });
  });

  it("R11: releasing a number never removes another order's claim", async () => {
    const store = fx.store();
    const number = '+13034564444';
    const owner = newOrderId();
    await store.commit(createRequest(owner, { claimNumbers: [number] }));
    const other = newOrderId();
    await store.commit(createRequest(other));
    await store.commit(transitionRequest(other, 1, 'draft', 'cancelled', { releaseNumbers: [number] }));
    expect(await store.numberOwner(number)).toBe(owner);
  });
});
