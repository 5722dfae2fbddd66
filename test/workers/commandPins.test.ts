import { QueueEvents, Worker, type Job } from 'bullmq';
import { duplicateRedis, type RedisClient } from '../../src/store/redis';
import { createHarness, type Harness } from '../support/harness';
import { wirelessOrderInput } from '../support/orderInputs';
import { dumpValues } from '../support/redisDump';
import { QUEUES } from '../../src/queues/names';
import type { CommandJob } from '../../src/queues/jobs';
import { createCommandProcessor } from '../../workers/commands/processCommand';

/**
 * R12/R57 on `portflow-commands`: a PIN sent in a command job is scrubbed from the job once it is
 * processed, so neither a completed nor a failed job keeps it in cleartext — with a real BullMQ
 * worker on a real Redis.
 */

let harness: Harness;
let worker: Worker;
let events: QueueEvents;
let connections: RedisClient[];

beforeAll(async () => {
  harness = createHarness();
  const { bullRedis, engine } = harness.services;
  const prefix = harness.config.QUEUE_PREFIX;
  connections = [duplicateRedis(bullRedis), duplicateRedis(bullRedis)];
  worker = new Worker(QUEUES.commands, createCommandProcessor({ engine }), { connection: connections[0], prefix });
  events = new QueueEvents(QUEUES.commands, { connection: connections[1], prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});
afterAll(async () => {
  await worker?.close();
  await events?.close();
  for (const connection of connections ?? []) connection.disconnect();
  await harness?.close();
});

async function queueValues(): Promise<string> {
  return (await dumpValues(harness.services.redis, [`${harness.config.QUEUE_PREFIX}:${QUEUES.commands}:*`])).join('\n');
}

async function finished(job: Job<CommandJob>): Promise<Job<CommandJob>> {
  await job.waitUntilFinished(events, 10_000).catch(() => undefined);
  return (await harness.services.queues.commands.getJob(job.id!))!;
}

describe('R57: a PIN on portflow-commands does not stay in the job', () => {
  it('R57: a completed UPDATE job keeps the PIN redacted in its data; the order has the new PIN on file', async () => {
    const order = await harness.services.engine.createOrder(wirelessOrderInput('13572468'), { id: 'test' });
    const newPin = '86420975';
    const job = await harness.services.queues.commands.add('UPDATE', {
      orderId: order.id,
      event: { type: 'UPDATE', account: { pin: newPin } },
      actor: 'crm',
    });
    const done = await finished(job);
    expect(await done.getState()).toBe('completed');
    expect(done.data.event).toEqual({ type: 'UPDATE', account: { pin: '[redacted]' } });
    expect(await queueValues()).not.toContain(newPin);
    const stored = JSON.parse((await harness.services.store.load(order.id))!.snapshot);
    expect(stored.context.order.account.pinCiphertext).toMatch(/^v2:/);
  });

  it('R57: a refused job (failed for good) keeps no PIN either', async () => {
    const order = await harness.services.engine.createOrder(wirelessOrderInput('13572468'), { id: 'test' });
    await harness.services.engine.apply(order.id, { type: 'SUBMIT' }, { id: 'test' });
    const refusedPin = '11223344';
    // `submitted` takes no UPDATE: invalid_transition, unrecoverable.
    const job = await harness.services.queues.commands.add('UPDATE', {
      orderId: order.id,
      event: { type: 'UPDATE', account: { pin: refusedPin } },
    });
    const done = await finished(job);
    expect(await done.getState()).toBe('failed');
    expect(done.failedReason).toMatch(/^invalid_transition/);
    expect(await queueValues()).not.toContain(refusedPin);
  });
});
