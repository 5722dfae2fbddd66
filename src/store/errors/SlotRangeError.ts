/** `slotBookings` was asked for an empty, reversed or unbounded time range (a caller bug). */
export class SlotRangeError extends Error {
  readonly code = 'slot_range_invalid';
  constructor(readonly fromMs: number, readonly toMs: number, detail: string) {
    super(`store: slot range ${fromMs}..${toMs}: ${detail}`);
    this.name = 'SlotRangeError';
  }
}
