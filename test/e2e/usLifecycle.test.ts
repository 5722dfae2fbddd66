import { denver, portingDayFrom, rehearsalStart } from '../support/sandboxDates';
import { eventually, startStack, type Stack } from '../support/stack';
import { usOrderInput } from '../support/orderInputs';

/**
 * Issue 4, end to end with the sandbox clock: real Redis, real BullMQ workers and relay, real
 * HTTP, a real SMTP server. A US order from draft to completed through rejection, FOC, schedule,
 * reschedule, reminder, window open, readiness, port and (simulated) test calls.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ TEST_CALL_PROVIDER: 'simulated' });
});
afterAll(async () => {
  await stack.close();
});

function subjects(): string[] {
  // Headers may be folded over several lines (RFC 5322): unfold before reading the subject.
  return stack.smtp.received.map((mail) => /^Subject: (.*)$/m.exec(mail.raw.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? '');
}

function invites(): { uid: string; sequence: number; method: string }[] {
  return stack.smtp.received
    .map((mail) => mail.raw.replace(/\r\n[ \t]/g, ''))
    .filter((raw) => raw.includes('BEGIN:VCALENDAR'))
    .map((raw) => ({
      uid: /^UID:(.*)$/m.exec(raw)![1].trim(),
      sequence: Number(/^SEQUENCE:(\d+)/m.exec(raw)![1]),
      method: /^METHOD:(\w+)/m.exec(raw)![1],
    }))
    .sort((a, b) => a.sequence - b.sequence);
}

it('R21–R37 §5.2: with the sandbox clock, a US order goes from draft to completed, with invites (R33), reminder (R34), readiness (R35) and test calls (R37)', async () => {
  const start = rehearsalStart();
  expect((await stack.call('POST', '/v1/sandbox/clock', { now: start.toUTC().toISO() })).status).toBe(200);
  const focDay = portingDayFrom(start.plus({ days: 7 }));
  const created = await stack.call('POST', '/v1/port-orders', usOrderInput({ requestedFocDate: focDay.toISODate() }));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const send = async (event: Record<string, unknown>) => {
    const response = await stack.call('POST', `/v1/port-orders/${id}/events`, event);
    expect([response.status, response.body?.error ?? null]).toEqual([200, null]);
    return response.body;
  };

  await send({ type: 'SUBMIT' });
  await send({ type: 'REJECT', reason: 'Service address does not match the CSR', code: '1P', fields: ['account.serviceAddress.line1'] });
  await send({ type: 'UPDATE', account: { serviceAddress: { line1: '1 Main Street' } } });
  await send({ type: 'RESUBMIT' });
  await send({ type: 'CONFIRM_FOC', focDate: focDay.toISODate() });
  await send({ type: 'SCHEDULE', startAt: denver(focDay, 9), conferenceBridge: 'https://bridge.example.com/port' });
  const rescheduled = await send({ type: 'RESCHEDULE', startAt: denver(focDay, 10) });
  expect(rescheduled.schedule.inviteSequence).toBe(1);

  // R33: REQUEST with SEQUENCE 0, then the reschedule's REQUEST with SEQUENCE 1, one UID.
  await eventually(async () => invites().length >= 2, 10_000, 'two invites');
  const [first, second] = invites();
  expect([first.method, first.sequence, second.method, second.sequence]).toEqual(['REQUEST', 0, 'REQUEST', 1]);
  expect(second.uid).toBe(first.uid);

  // R34 + R35: moving the clock past the window's opening fires the 24-hour reminder, then the window.
  const moved = await stack.call('POST', '/v1/sandbox/clock', { now: denver(focDay, 10, 1) });
  expect(moved.status).toBe(200);
  expect(moved.body.firedTimers).toBeGreaterThanOrEqual(2);
  expect((await stack.call('GET', `/v1/port-orders/${id}`)).body.state).toBe('readinessCheck');

  await send({ type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' });
  await send({ type: 'PORT_COMPLETED' });
  // R37: the simulated provider reports; the order completes without anyone sending an event.
  await eventually(async () => (await stack.call('GET', `/v1/port-orders/${id}`)).body.state === 'completed', 15_000, 'completed');

  await eventually(async () => subjects().some((s) => s.endsWith('] Port complete')), 10_000, 'completion notice');
  const all = subjects();
  expect(all.every((s) => s.includes(id))).toBe(true); // R37.1
  const expected = ['submitted', 'rejected', 'resubmitted', 'FOC confirmed', 'Reminder: port starts', 'confirm readiness', 'Port started', 'Port completed: test calls next'];
  await eventually(async () => expected.every((text) => subjects().some((s) => s.includes(text))), 10_000, `notices ${expected.join(', ')} in ${subjects().join(' | ')}`);
  // R41: each notice once (deterministic Message-IDs, no duplicates).
  const messageIds = stack.smtp.received.map((mail) => /^Message-ID: (.*)$/im.exec(mail.raw)?.[1]);
  expect(new Set(messageIds).size).toBe(messageIds.length);

  const history = (await stack.call('GET', `/v1/port-orders/${id}/history`)).body;
  const types = history.items.map((entry: { type: string }) => entry.type);
  expect(types).toEqual(expect.arrayContaining(['TIMER', 'CONFIRM_READY', 'PORT_COMPLETED', 'TEST_CALLS_PASSED']));
});
