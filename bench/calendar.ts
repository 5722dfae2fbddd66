import { DateTime } from 'luxon';
import { PORTING_ZONE } from '../src/clock/clock';
import type { PortingCalendar } from '../src/calendar';
import type { BenchResult } from './support/result';
import { repeat } from './support/stats';

/**
 * Benchmark 6: the porting calendar alone (pure CPU). `checkPortStart` over instants spread across
 * two months, and `openSlots` for 62 days, against a loop that does only the Luxon conversion of
 * the same instants to America/Denver (one per check; one per returned slot).
 */
const RUN_MS = 500;

/** Calls `call` repeatedly for about RUN_MS; answers calls per second. */
function rate(call: (i: number) => unknown): number {
  const started = performance.now();
  let calls = 0;
  while (performance.now() - started < RUN_MS) {
    for (let i = 0; i < 100; i++) call(calls + i);
    calls += 100;
  }
  return calls / ((performance.now() - started) / 1000);
}

export async function calendarBench(calendar: PortingCalendar, runs: number): Promise<BenchResult> {
  const started = Date.now();
  const asOf = DateTime.fromISO('2026-12-01T16:00:00Z', { zone: 'utc' });
  // Every 5 minutes over 62 days: on and off grid, standard and off hours, weekends, holidays.
  const instants = Array.from({ length: 62 * 288 }, (_, i) => asOf.plus({ minutes: 5 * i }));
  const millis = instants.map((instant) => instant.toMillis());
  const from = '2026-12-01';
  const slotMillis = calendar.openSlots(from, 62, new Map(), asOf).map((slot) => Date.parse(slot.startAt));
  let sink = 0;

  const figures = await repeat(runs, async () => ({
    check: rate((i) => (sink += calendar.checkPortStart(instants[i % instants.length], { asOf }).allowed ? 1 : 0)),
    checkBaseline: rate((i) => (sink += DateTime.fromMillis(millis[i % millis.length], { zone: PORTING_ZONE }).toISO()!.length)),
    slots: rate(() => (sink += calendar.openSlots(from, 62, new Map(), asOf).length)),
    slotsBaseline: rate(() => {
      for (const ms of slotMillis) sink += DateTime.fromMillis(ms, { zone: PORTING_ZONE }).toISO()!.length;
    }),
  }));

  return {
    id: 'calendar',
    title: '6. Calendar: checkPortStart and openSlots (62 days), in process',
    baseline: 'a loop doing only the Luxon conversion to America/Denver (per check; per returned slot)',
    rows: [
      { figure: 'checkPortStart', unit: 'calls/s', portflow: figures.check, baseline: figures.checkBaseline },
      { figure: 'openSlots, 62 days', unit: 'calls/s', portflow: figures.slots, baseline: figures.slotsBaseline },
    ],
    notes: [`openSlots returns ${slotMillis.length} slots for 62 days from ${from}; the baseline converts each of them. (checksum ${sink % 10})`],
    seconds: (Date.now() - started) / 1000,
  };
}
