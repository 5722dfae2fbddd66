import { DateTime } from 'luxon';
import { OpenSlotsCache } from '../../src/engine/systems/OpenSlotsCache';
import { calendarFromEnv } from '../calendar/calendarFixtures';
import { createRequest, newOrderId, storeFixture, transitionRequest } from '../store/storeFixture';

/**
 * GET /v1/porting-calendar/slots is served from a cache by day and booking version (issue 8): the same
 * answer as computing it afresh, invalidated by any booking change — made by this process or another.
 */

const fx = storeFixture('slot-cache');
afterAll(() => fx.cleanup());

const calendar = calendarFromEnv({ SLOT_CAPACITY: '2' });
const ASKED_AT = DateTime.fromISO('2026-12-01T16:00:00Z');
const NINE_AM = new Date('2026-12-16T16:00:00Z').toISOString();

async function fresh(store: ReturnType<typeof fx.store>, from: string, days: number, asOf = ASKED_AT) {
  const first = DateTime.fromISO(from, { zone: 'America/Denver' });
  return calendar.openSlots(from, days, await store.slotBookings(first.toMillis(), first.plus({ days }).toMillis()), asOf);
}

const remainingAt = (slots: { startAt: string; remaining: number }[], startAt: string) => slots.find((s) => s.startAt === startAt)?.remaining ?? 0;

describe('open slots cache', () => {
  it('§5 slots: a cached answer equals the computed one, for any range and asOf', async () => {
    const store = fx.store({ slotCapacity: 2 });
    const cache = new OpenSlotsCache(store, calendar);
    for (const [from, days, asOf] of [['2026-12-01', 62, ASKED_AT], ['2026-12-15', 3, ASKED_AT], ['2026-12-16', 1, DateTime.fromISO('2026-12-16T19:10:00Z')]] as const) {
      expect(await cache.openSlots(from, days, asOf)).toEqual(await fresh(store, from, days, asOf));
    }
  });

  it('§5 slots, R19: a booking made by another process invalidates this process’s cached days', async () => {
    const thisProcess = fx.store({ slotCapacity: 2 });
    const otherProcess = fx.store({ slotCapacity: 2 });
    const cache = new OpenSlotsCache(thisProcess, calendar);
    expect(remainingAt(await cache.openSlots('2026-12-16', 1, ASKED_AT), NINE_AM)).toBe(2);

    const [first, second] = [newOrderId(), newOrderId()];
    await otherProcess.commit(createRequest(first, { reserveSlot: NINE_AM }));
    expect(remainingAt(await cache.openSlots('2026-12-16', 1, ASKED_AT), NINE_AM)).toBe(1);
    await otherProcess.commit(createRequest(second, { reserveSlot: NINE_AM }));
    expect(remainingAt(await cache.openSlots('2026-12-16', 1, ASKED_AT), NINE_AM)).toBe(0); // full: not listed

    await otherProcess.commit(transitionRequest(first, 1, 'scheduled', 'cancelled', { releaseSlot: NINE_AM }));
    expect(remainingAt(await cache.openSlots('2026-12-16', 1, ASKED_AT), NINE_AM)).toBe(1);
    expect(await cache.openSlots('2026-12-01', 62, ASKED_AT)).toEqual(await fresh(thisProcess, '2026-12-01', 62));
  });

  it('§5 slots: a cached day drops each slot once its start has passed', async () => {
    const cache = new OpenSlotsCache(fx.store({ slotCapacity: 2 }), calendar);
    const starts = async (asOf: string) => (await cache.openSlots('2026-12-16', 1, DateTime.fromISO(asOf))).map((s) => s.startAt);
    const early = await starts('2026-12-16T15:59:00Z');
    expect(early[0]).toBe(NINE_AM);
    expect(await starts('2026-12-16T16:00:00Z')).toEqual(early); // a slot starting now is still open
    expect(await starts('2026-12-16T16:00:01Z')).toEqual(early.slice(1));
    expect(await starts('2026-12-16T16:14:00Z')).toEqual(early.slice(1));
  });

  it('§5 slots: without a booking change the bookings are not read again', async () => {
    const store = fx.store({ slotCapacity: 2 });
    let reads = 0;
    const counting = { slotBookingsVersion: () => store.slotBookingsVersion(), slotBookings: (from: number, to: number) => (reads++, store.slotBookings(from, to)) };
    const cache = new OpenSlotsCache(counting as never, calendar);
    for (let i = 0; i < 5; i++) await cache.openSlots('2026-12-01', 62, ASKED_AT);
    expect(reads).toBe(1);
  });
});
