import { SlotRangeError } from '../../src/store/errors/SlotRangeError';
import { createRequest, newOrderId, storeFixture, transitionRequest } from './storeFixture';

const fx = storeFixture('slots');
afterAll(() => fx.cleanup());

const slot = (utc: string): string => new Date(utc).toISOString();

describe('slot capacity', () => {
  it('R19: with capacity 4 the 5th reservation in a slot is refused slot_full; a release frees a place', async () => {
    const store = fx.store({ slotCapacity: 4 });
    const nineAm = slot('2026-12-16T16:00:00Z');
    const ids = Array.from({ length: 5 }, () => newOrderId());
    const results = await Promise.all(ids.map((id) => store.commit(createRequest(id, { reserveSlot: nineAm }))));

    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'slot_full', slot: nineAm }]);

    const holder = ids[results.findIndex((r) => r.ok)];
    const latecomer = ids[results.findIndex((r) => !r.ok)];
    await store.commit(transitionRequest(holder, 1, 'draft', 'cancelled', { releaseSlot: nineAm }));
    expect(await store.commit(createRequest(latecomer, { reserveSlot: nineAm }))).toEqual({ ok: true, version: 1 });
  });

  it('R19: rescheduling moves the place; into the slot it already holds it takes no second place', async () => {
    const store = fx.store({ slotCapacity: 1 });
    const [ten, eleven] = [slot('2026-12-18T17:00:00Z'), slot('2026-12-18T18:00:00Z')];
    const id = newOrderId();
    await store.commit(createRequest(id, { reserveSlot: ten }));

    expect(await store.commit(transitionRequest(id, 1, 'scheduled', 'scheduled', { reserveSlot: ten, releaseSlot: ten }))).toEqual({
      ok: true,
      version: 2,
    });
    expect(await store.commit(transitionRequest(id, 2, 'scheduled', 'scheduled', { reserveSlot: eleven, releaseSlot: ten }))).toEqual(
      { ok: true, version: 3 },
    );
    const bookings = await store.slotBookings(Date.parse('2026-12-18T00:00:00Z'), Date.parse('2026-12-19T00:00:00Z'));
    expect([...bookings]).toEqual([[eleven, 1]]);
  });

  it('R19: a release never takes a slot below zero', async () => {
    const store = fx.store();
    const empty = slot('2026-12-21T16:00:00Z');
    const id = newOrderId();
    await store.commit(createRequest(id, { releaseSlot: empty }));
    expect(await fx.redis.hget(`${fx.prefix}:slots`, empty)).toBeNull();

    await store.commit(createRequest(newOrderId(), { reserveSlot: empty }));
    expect([...(await store.slotBookings(Date.parse(empty), Date.parse(empty) + 1))]).toEqual([[empty, 1]]);
  });

  it('R19: slotBookings reads the given slots, or those starting in [from, to) on the 15-minute grid', async () => {
    const store = fx.store();
    const [first, last, after] = [slot('2026-12-22T14:00:00Z'), slot('2026-12-22T22:15:00Z'), slot('2026-12-22T22:30:00Z')];
    for (const s of [first, first, last, after]) await store.commit(createRequest(newOrderId(), { reserveSlot: s }));

    const bookings = await store.slotBookings(Date.parse('2026-12-22T13:50:00Z'), Date.parse(after));
    expect(Object.fromEntries(bookings)).toEqual({ [first]: 2, [last]: 1 });
    expect(Object.fromEntries(await store.slotBookings([first, after, slot('2026-12-22T15:00:00Z')]))).toEqual({
      [first]: 2,
      [after]: 1,
    });
    await expect(store.slotBookings(2, 1)).rejects.toBeInstanceOf(SlotRangeError);
  });
});
