import pino from 'pino';
import type { PersistedOrder } from '../../machines/runEvent';
import { formatInstant } from '../../src/mail/format';
import { storeKeys } from '../../src/store/keys';
import { startWorkers, type WorkerHost } from '../../workers/startWorkers';
import { createHarness, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { noticeIdOf, subjectOf } from '../support/receivedMail';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { eventually } from '../support/stack';
import { partBody } from '../../src/mail/mimeParts';

/**
 * R45: a notice tells what happened at the transition that caused it. Each test moves an order on
 * BEFORE any mail worker runs (as a busy or stopped mail queue would), then starts the real workers
 * and reads what the SMTP server received.
 */
const ops = { id: 'api:ops' };
const WEDNESDAY_9AM = '2026-12-09T16:00:00.000Z';
const THURSDAY_9AM = '2026-12-10T16:00:00.000Z';

let harness: Harness;
let smtp: SmtpSink;
let workers: WorkerHost | undefined;

beforeEach(async () => {
  smtp = await startSmtpSink();
  harness = createHarness({ env: { SMTP_URL: smtp.smtpUrl } });
});
afterEach(async () => {
  await workers?.close();
  workers = undefined;
  await harness.close();
  await smtp.close();
});

/** Starts the relay and the workers, and waits until every notice of the order's transitions was sent. */
async function sendNotices(orderId: string) {
  workers = startWorkers(harness.services, pino({ level: 'silent' }));
  const outbox = storeKeys(harness.config.KEY_PREFIX).outbox();
  await eventually(
    async () => {
      const { wait, active, delayed } = await harness.services.queues.mail.getJobCounts('wait', 'active', 'delayed');
      return (await harness.services.redis.xlen(outbox)) === 0 && wait + active + delayed === 0;
    },
    15_000,
    'every notice relayed and sent',
  );
  const mine = smtp.received.filter((mail) => noticeIdOf(mail).orderId === orderId);
  /** The mails of one transition (history seq), with their decoded text part. */
  return (seq: number) =>
    mine
      .filter((mail) => noticeIdOf(mail).entry.startsWith(`${seq}.`))
      .map((mail) => ({ subject: subjectOf(mail), text: partBody(mail.raw, 'text/plain')?.body ?? '', raw: mail.raw }));
}

async function armedVisit(orderId: string, timer: 'windowOpens'): Promise<number> {
  const stored = await harness.services.store.load(orderId);
  return (JSON.parse(stored!.snapshot) as PersistedOrder).context.timers[timer]!;
}

/** create → SUBMIT → CONFIRM_FOC → SCHEDULE (Wednesday 09:00 MT) → window opens: readinessCheck. */
async function orderAwaitingReadiness(input = usOrderInput()): Promise<string> {
  const { engine } = harness.services;
  const { id } = await engine.createOrder(input, ops);
  await engine.apply(id, { type: 'SUBMIT' }, ops);
  await engine.apply(id, { type: 'CONFIRM_FOC', focDate: '2026-12-08' }, ops);
  await engine.apply(id, { type: 'SCHEDULE', startAt: WEDNESDAY_9AM }, ops);
  await engine.fireTimer(id, 'windowOpens', await armedVisit(id, 'windowOpens'));
  expect((await engine.getOrder(id)).state).toBe('readinessCheck');
  return id;
}

it('R45: the "submitted" notice shows no customer reference or FOC date that were set after the SUBMIT', async () => {
  const { engine } = harness.services;
  const { customerReference: _none, ...withoutReference } = usOrderInput();
  const { id } = await engine.createOrder(withoutReference, ops);
  await engine.apply(id, { type: 'SUBMIT' }, ops); // seq 2
  await engine.apply(id, { type: 'REJECT', reason: 'BTN does not match' }, ops);
  await engine.apply(id, { type: 'UPDATE', customerReference: 'PO-LATER' }, ops);
  await engine.apply(id, { type: 'RESUBMIT' }, ops);
  await engine.apply(id, { type: 'CONFIRM_FOC', focDate: '2026-12-08' }, ops);

  const [submitted] = (await sendNotices(id))(2);
  expect(submitted.subject).toBe(`[${id}] Port order submitted to Acme Telco`);
  expect(submitted.text).not.toContain('PO-LATER');
  expect(submitted.text).not.toContain('FOC date');
});

it('R45 R33: NOT_READY sends the contacts one message, the cancellation of the port it cancels, with the reason', async () => {
  const { engine } = harness.services;
  const id = await orderAwaitingReadiness();
  await engine.apply(id, { type: 'NOT_READY', reason: 'PBX not configured' }, ops); // seq 6
  await engine.apply(id, { type: 'SCHEDULE', startAt: THURSDAY_9AM }, ops);

  const notReady = (await sendNotices(id))(6);
  expect(notReady).toHaveLength(1);
  const [cancellation] = notReady;
  expect(cancellation.raw).toContain('METHOD:CANCEL');
  expect(cancellation.subject).toContain(`Port on ${formatInstant(WEDNESDAY_9AM)} cancelled`);
  expect(cancellation.text).toContain('Reason: PBX not configured');
  expect(cancellation.text).toContain('needs a new port date');
  expect(cancellation.text).not.toContain(formatInstant(THURSDAY_9AM));
  expect(cancellation.text).not.toContain('a time to be set');
});

it('R45 R29: the partial-port notice names the numbers not released, though they were released since', async () => {
  const { engine } = harness.services;
  const input = usOrderInput();
  const [, held] = input.numbers as string[];
  const id = await orderAwaitingReadiness(input);
  await engine.apply(id, { type: 'CONFIRM_READY', confirmedBy: 'Jane Roe' }, ops);
  await engine.apply(id, { type: 'PORT_COMPLETED', notReleased: [held] }, ops); // seq 7
  await engine.apply(id, { type: 'NUMBERS_RELEASED', numbers: [held] }, ops);

  const [partial] = (await sendNotices(id))(7);
  expect(partial.subject).toContain('Partially ported: 1 number not released');
  expect(partial.text).toContain(held);
});
