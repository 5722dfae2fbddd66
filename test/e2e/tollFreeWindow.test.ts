import { DateTime } from 'luxon';
import { rehearsalStart } from '../support/sandboxDates';
import { eventually, startStack, type Stack } from '../support/stack';
import { tollFreeOrderInput, usOrderInput } from '../support/orderInputs';

/** Issue 4 with the sandbox clock: the toll-free 30-day window (R30) and a partial port (R29). */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

function subjects(): string[] {
  return stack.smtp.received.map((mail) => /^Subject: (.*)$/m.exec(mail.raw.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? '');
}

async function send(id: string, event: Record<string, unknown>) {
  const response = await stack.call('POST', `/v1/port-orders/${id}/events`, event);
  expect([response.status, response.body?.error ?? null]).toEqual([200, null]);
  return response.body;
}

it('R30 §5.2: a toll-free order released and never scheduled gets its 14/7/3/1-day reminders and is dropped on day 30', async () => {
  const start = rehearsalStart();
  await stack.call('POST', '/v1/sandbox/clock', { now: start.toUTC().toISO() });
  const created = await stack.call('POST', '/v1/port-orders', tollFreeOrderInput());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await send(id, { type: 'SUBMIT' });
  const released = await send(id, { type: 'RELEASE' });
  expect(released.state).toBe('released');
  const endsAt = DateTime.fromISO(released.window.endsAt);
  expect(endsAt.diff(DateTime.fromISO(released.window.releasedAt), 'days').days).toBeCloseTo(30, 0);

  // Rehearse the whole window in one move: every reminder fires at its own time, then the expiry.
  const moved = await stack.call('POST', '/v1/sandbox/clock', { now: endsAt.plus({ hours: 1 }).toUTC().toISO() });
  expect(moved.status).toBe(200);
  const order = (await stack.call('GET', `/v1/port-orders/${id}`)).body;
  expect(order.state).toBe('dropped');

  const history = (await stack.call('GET', `/v1/port-orders/${id}/history`)).body.items as { type: string; payload: any; at: string }[];
  const timers = history.filter((entry) => entry.type === 'TIMER').map((entry) => entry.payload.timer);
  expect(timers).toEqual([
    'tollFreeWindowReminder14',
    'tollFreeWindowReminder7',
    'tollFreeWindowReminder3',
    'tollFreeWindowReminder1',
    'tollFreeWindowExpired',
  ]);
  await eventually(async () => subjects().filter((s) => s.includes('Toll-free window ends')).length === 4, 10_000, 'four reminders');
  await eventually(async () => subjects().some((s) => s.includes('dropped')), 10_000, 'dropped notices');
});

it('R29: a partial port waits for the numbers not released, then goes on to testing', async () => {
  const start = rehearsalStart();
  const clock = (await stack.call('GET', '/v1/sandbox/clock')).body.now as string;
  const from = DateTime.max(start, DateTime.fromISO(clock).plus({ days: 1 }));
  await stack.call('POST', '/v1/sandbox/clock', { now: from.toUTC().toISO() });
  const input = usOrderInput({ requestedFocDate: null });
  const id = (await stack.call('POST', '/v1/port-orders', input)).body.id as string;
  await send(id, { type: 'SUBMIT' });
  const focDate = from.setZone('America/Denver').toISODate();
  await send(id, { type: 'CONFIRM_FOC', focDate });
  // An off-hours port (R16) three days on, so the test does not depend on which weekday it runs.
  const startAt = from.plus({ days: 3 }).setZone('America/Denver').set({ hour: 18, minute: 0 });
  const scheduled = await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'SCHEDULE', startAt: startAt.toUTC().toISO(), offHours: true, acknowledgeRisk: true });
  if (scheduled.status !== 200) {
    // Monday is blocked even off-hours (R15): move one day on.
    await send(id, { type: 'SCHEDULE', startAt: startAt.plus({ days: 1 }).toUTC().toISO(), offHours: true, acknowledgeRisk: true });
  }
  const window = (await stack.call('GET', `/v1/port-orders/${id}`)).body.schedule.startAt as string;
  await stack.call('POST', '/v1/sandbox/clock', { now: DateTime.fromISO(window).plus({ minutes: 1 }).toUTC().toISO() });
  await send(id, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
  const partial = await send(id, { type: 'PORT_COMPLETED', notReleased: [input.numbers[1]] });
  expect(partial.state).toBe('partiallyPorted');
  expect(partial.numbers).toEqual([
    { number: input.numbers[0], status: 'ported' },
    { number: input.numbers[1], status: 'notReleased' },
  ]);
  const testing = await send(id, { type: 'NUMBERS_RELEASED', numbers: [input.numbers[1]] });
  expect(testing.state).toBe('testing');
  const completed = await send(id, { type: 'TEST_CALLS_PASSED', results: input.numbers.map((number: string) => ({ number, passed: true })) });
  expect(completed.state).toBe('completed');
  await eventually(async () => subjects().some((s) => s.includes('not released')), 10_000, 'partial port notice');
});
