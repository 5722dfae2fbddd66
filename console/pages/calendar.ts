import { DateTime } from 'luxon';
import type { ConsoleSession } from '../../src/api';
import { PORTING_ZONE } from '../../src/clock/clock';
import type { OrderView } from '../../src/orders/view';
import { mountain } from '../format';
import { html, type Html } from '../html';
import { page } from './layout';

export interface OpenSlot {
  startAt: string;
  local: string;
  remaining: number;
}

export interface CalendarWeek {
  /** Monday of the week, YYYY-MM-DD in Mountain Time. */
  monday: string;
  now: string;
  slots: OpenSlot[];
  /** Scheduled off-hours ports of the week (R16): they live outside the grid. */
  offHoursPorts: OrderView[];
  /** The order to schedule when a free slot is clicked (`?order=`), if any. */
  order: OrderView | null;
}

/** Standard porting hours (R14): starts from 07:00 to 15:15, every 15 minutes (R20). */
const SLOT_TIMES = Array.from({ length: 34 }, (_, i) => DateTime.fromObject({ hour: 7, minute: 0 }).plus({ minutes: 15 * i }).toFormat('HH:mm'));

export function mondayOf(isoDate: string | undefined, now: string): string {
  const day = isoDate ? DateTime.fromISO(isoDate, { zone: PORTING_ZONE }) : DateTime.fromISO(now).setZone(PORTING_ZONE);
  const valid = day.isValid ? day : DateTime.fromISO(now).setZone(PORTING_ZONE);
  return valid.startOf('week').toISODate()!;
}

interface DayColumn {
  date: DateTime;
  /** Why no slot is open all day, or null for a porting day. */
  closed: string | null;
}

function dayColumns(week: CalendarWeek, openDays: ReadonlySet<string>): DayColumn[] {
  const today = DateTime.fromISO(week.now).setZone(PORTING_ZONE).startOf('day');
  return Array.from({ length: 7 }, (_, i) => {
    const date = DateTime.fromISO(week.monday, { zone: PORTING_ZONE }).plus({ days: i });
    let closed: string | null = null;
    if (date.weekday === 1) closed = 'Monday: no ports (R15)';
    else if (date.weekday > 5) closed = 'Weekend: off-hours only';
    else if (date < today) closed = 'Past';
    else if (!openDays.has(date.toISODate()!)) closed = date.equals(today) ? 'No slot left today' : 'Holiday or closed day';
    return { date, closed };
  });
}

interface GridFacts {
  open: Map<string, OpenSlot>;
  /** The most ports a slot of the week can still take: the capacity, unless every slot has a booking. */
  capacity: number;
  /** The order's own booked slot, `yyyy-LL-ddTHH:mm` in Mountain Time. */
  booked: string | null;
  canSchedule: boolean;
}

function slotCell(week: CalendarWeek, day: DayColumn, time: string, grid: GridFacts): Html {
  if (day.closed) return html`<td class="closed"><span class="visually-hidden">${day.closed}</span></td>`;
  const key = `${day.date.toISODate()}T${time}`;
  const mine = grid.booked === key ? html` <strong>· this order</strong>` : '';
  const slot = grid.open.get(key);
  if (!slot) {
    const start = DateTime.fromISO(key, { zone: PORTING_ZONE });
    return start <= DateTime.fromISO(week.now) ? html`<td class="past">past</td>` : html`<td class="full">full${mine}</td>`;
  }
  const classes = ['open', slot.remaining < grid.capacity ? 'busy' : '', mine ? 'mine' : ''].filter(Boolean).join(' ');
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what a click does.
  const visible = `${slot.remaining} left${mine ? ' · this order' : ''}`;
  const when = `${day.date.toFormat('ccc d LLL')} ${time} MT`;
  if (!grid.canSchedule || !week.order) return html`<td class="${classes}"><span title="${when}">${slot.remaining} left${mine}</span></td>`;
  const event = week.order.allowedEvents.includes('RESCHEDULE') ? 'RESCHEDULE' : 'SCHEDULE';
  return html`<td class="${classes}"><a href="/console/orders/${week.order.id}?startAt=${encodeURIComponent(slot.startAt)}&event=${event}#act-${event}" aria-label="${visible}: ${event} ${week.order.id} at ${when}">${slot.remaining} left${mine}</a></td>`;
}

export function calendarPage(session: ConsoleSession, week: CalendarWeek): Html {
  const slotKey = (instant: string) => DateTime.fromISO(instant).setZone(PORTING_ZONE).toFormat("yyyy-LL-dd'T'HH:mm");
  const open = new Map(week.slots.map((slot) => [slotKey(slot.startAt), slot]));
  const openDays = new Set([...open.keys()].map((key) => key.slice(0, 10)));
  const days = dayColumns(week, openDays);
  const grid: GridFacts = {
    open,
    capacity: Math.max(1, ...week.slots.map((slot) => slot.remaining)),
    booked: week.order?.schedule ? slotKey(week.order.schedule.startAt) : null,
    canSchedule: session.role !== 'viewer' && week.order !== null && week.order.allowedEvents.some((event) => event === 'SCHEDULE' || event === 'RESCHEDULE'),
  };
  const monday = DateTime.fromISO(week.monday);
  const nav = (days: number) => `/console/calendar?from=${monday.plus({ days }).toISODate()}${week.order ? `&order=${week.order.id}` : ''}`;
  const offHoursOf = (day: DateTime) =>
    week.offHoursPorts.filter((order) => order.schedule && DateTime.fromISO(order.schedule.startAt).setZone(PORTING_ZONE).hasSame(day, 'day'));
  return page(
    { title: 'Calendar', session, current: 'calendar' },
    html`<h1>Porting calendar <span class="muted">week of ${monday.toFormat('d LLLL yyyy')}, Mountain Time</span></h1>
<div class="week-nav">
  <a class="button secondary" href="${nav(-7)}">← Previous week</a>
  <a class="button secondary" href="${nav(7)}">Next week →</a>
  ${
    week.order
      ? html`<span>${grid.canSchedule ? 'Click a free slot to schedule' : 'Slots for'} <a href="/console/orders/${week.order.id}">${week.order.id}</a> (${week.order.account.companyName}).</span>`
      : html`<span class="muted">Open the calendar from an order ("Pick a slot") to schedule it by clicking a free slot.</span>`
  }
</div>
<p class="hint">Each cell is a 15-minute standard slot (07:00–15:15 starts) with the ports it can still take; amber slots already have bookings. Shaded: Mondays, weekends, holidays and past days. Off-hours ports are listed under their day.</p>
<div class="table-wrap">
<table class="week">
<caption class="visually-hidden">Open standard porting slots, week of ${monday.toFormat('d LLLL yyyy')}</caption>
<thead><tr><th scope="col">Time (MT)</th>${days.map(
      (day) => html`<th scope="col"${day.closed ? html` class="closed"` : ''}>${day.date.toFormat('ccc d LLL')}${day.closed ? html`<div class="hint">${day.closed}</div>` : ''}${
        offHoursOf(day.date).length
          ? html`<ul class="offhours" aria-label="Off-hours ports">${offHoursOf(day.date).map((order) => html`<li><a href="/console/orders/${order.id}">${mountain(order.schedule!.startAt, 'HH:mm')} off-hours</a></li>`)}</ul>`
          : ''
      }</th>`,
    )}</tr></thead>
<tbody>
${SLOT_TIMES.map((time) => html`<tr><th scope="row">${time}</th>${days.map((day) => slotCell(week, day, time, grid))}</tr>`)}
</tbody>
</table>
</div>`,
  );
}
