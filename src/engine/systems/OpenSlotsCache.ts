import { DateTime } from 'luxon';
import type { Calendar, OpenSlot } from '../../calendar/types';
import { PORTING_ZONE } from '../../clock/clock';
import type { OrderStore } from '../../store/OrderStore';

/** The open slots of one day (Denver), whatever the hour asked, as of one booking version. */
interface CachedDay {
  version: string;
  slots: OpenSlot[];
  startMs: number[];
}

/** Two years of days; past that the cache starts over (it only holds what was asked lately). */
const MAX_CACHED_DAYS = 730;
const MAX_ANSWERS = 256;
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const BEFORE_ANY_SLOT = DateTime.fromMillis(0);

/**
 * `GET /v1/porting-calendar/slots` without recomputing: 62 days are ~2,100 slots whose bookings took
 * an HMGET of 5,952 fields and whose local times took Luxon ~27 ms of CPU per request. Each day's
 * open slots are kept under the booking version they were computed with (`slotBookingsVersion`, bumped
 * by every commit that books or frees a slot, in any process); a request reads the version (one HGET)
 * and recomputes only when it moved. `asOf` (slots already started) is applied on the way out, and
 * the whole answer is kept too for the quarter hour it holds.
 */
export class OpenSlotsCache {
  private readonly days = new Map<string, CachedDay>();
  /** Whole answers, by range and quarter hour asked: a repeated question costs one HGET. */
  private readonly answers = new Map<string, { version: string; slots: OpenSlot[] }>();

  constructor(
    private readonly store: Pick<OrderStore, 'slotBookings' | 'slotBookingsVersion'>,
    private readonly calendar: Calendar,
  ) {}

  async openSlots(from: string, days: number, asOf: DateTime): Promise<OpenSlot[]> {
    // The version is read before the bookings: a booking in between is seen with the older version, and recomputed next time.
    const version = await this.store.slotBookingsVersion();
    // Slots start on quarter hours, so every asOf in (k − 1, k] quarter hours drops the same slots.
    const key = `${from}|${days}|${Math.ceil(asOf.toMillis() / QUARTER_HOUR_MS)}`;
    const answered = this.answers.get(key);
    if (answered?.version === version) return answered.slots;
    const slots = await this.compute(from, days, asOf, version);
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
    this.answers.set(key, { version, slots });
    return slots;
  }

  private async compute(from: string, days: number, asOf: DateTime, version: string): Promise<OpenSlot[]> {
    const first = DateTime.fromISO(from, { zone: PORTING_ZONE });
    const dates = Array.from({ length: days }, (_, i) => first.plus({ days: i }).toISODate()!);
    if (dates.some((date) => this.days.get(date)?.version !== version)) await this.refresh(first, dates, version);
    const asOfMs = asOf.toMillis();
    return dates.flatMap((date) => {
      const day = this.days.get(date)!;
      return day.slots.filter((_, i) => day.startMs[i] >= asOfMs);
    });
  }

  private async refresh(first: DateTime, dates: string[], version: string): Promise<void> {
    const booked = await this.store.slotBookings(first.toMillis(), first.plus({ days: dates.length }).toMillis());
    if (this.days.size + dates.length > MAX_CACHED_DAYS) this.days.clear();
    for (const date of dates) {
      const slots = this.calendar.openSlots(date, 1, booked, BEFORE_ANY_SLOT);
      this.days.set(date, { version, slots, startMs: slots.map((slot) => Date.parse(slot.startAt)) });
    }
  }
}
