import { DateTime } from 'luxon';
import { z } from 'zod';
import { slotKey } from '../../calendar';
import type { CalendarAnswer, OpenSlot } from '../../calendar/types';
import type { EngineContext } from './EngineContext';
import { OpenSlotsCache } from './OpenSlotsCache';
import { parseOrThrow } from './parseOrThrow';

const calendarCheckSchema = z
  .object({
    startAt: z.iso.datetime({ offset: true }),
    offHours: z.boolean().optional(),
    acknowledgeRisk: z.boolean().optional(),
    focDate: z.iso.date().nullish(),
    windowEnd: z.iso.datetime({ offset: true }).nullish(),
    /** SPEC §2.3: "would this start be allowed if asked at asOf?" — ops' what-ifs and tests of the 48-hour rule. */
    asOf: z.iso.datetime({ offset: true }).nullish(),
  })
  .strict();

const slotsQuerySchema = z.object({ from: z.iso.date(), days: z.coerce.number().int().min(1).max(62) }).strict();

/** The calendar's answers (SPEC §2.3, slots) with the live slot bookings from the store (R19). */
export class CalendarSystem {
  private readonly slots: OpenSlotsCache;

  constructor(private readonly ctx: EngineContext) {
    this.slots = new OpenSlotsCache(ctx.store, ctx.calendar);
  }

  async checkCalendar(input: unknown): Promise<CalendarAnswer> {
    const request = parseOrThrow(calendarCheckSchema, input);
    const startAt = DateTime.fromISO(request.startAt, { setZone: true });
    const booked = await this.ctx.store.slotBookings([slotKey(startAt)]);
    return this.ctx.calendar.checkPortStart(startAt, {
      offHours: request.offHours,
      acknowledgeRisk: request.acknowledgeRisk,
      focDate: request.focDate ?? null,
      windowEnd: request.windowEnd ?? null,
      asOf: request.asOf ? DateTime.fromISO(request.asOf, { setZone: true }) : await this.ctx.now(),
      bookedInSlot: booked.get(slotKey(startAt)) ?? 0,
    });
  }

  async openSlots(query: { from: string; days: number }): Promise<OpenSlot[]> {
    const { from, days } = parseOrThrow(slotsQuerySchema, query);
    return this.slots.openSlots(from, days, await this.ctx.now());
  }
}
