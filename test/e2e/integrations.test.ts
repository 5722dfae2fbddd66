import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueEvents } from 'bullmq';
import { verifySignature } from '../../src/webhooks';
import { QUEUES } from '../../src/queues/names';
import { eventually, startStack, type Stack } from '../support/stack';
import { usOrderInput } from '../support/orderInputs';

/** Issue 4: what integrations see — signed webhooks, the commands queue and the events queue. */
let stack: Stack;
let receiver: Server;
let receiverUrl: string;
const deliveries: { body: string; signature: string }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  // R53: the receiver listens on this host, which webhooks may reach only when opened on purpose.
  stack = await startStack({ WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(500).end();
        return;
      }
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['portflow-signature']) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await stack.close();
  await new Promise((resolve) => receiver.close(resolve));
});

it('§5.1: state changes reach a webhook signed with the subscription secret, in seq order', async () => {
  const subscription = await stack.call('POST', '/v1/webhooks', { url: receiverUrl });
  expect(subscription.status).toBe(201);
  const secret = subscription.body.secret as string;
  const id = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body.id as string;
  await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' });
  await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'CANCEL', reason: 'duplicate order' });
  const mine = () => deliveries.map((d) => ({ ...d, event: JSON.parse(d.body) })).filter((d) => d.event.order.id === id);
  await eventually(async () => mine().length === 3, 15_000, 'three deliveries');
  const received = mine();
  expect(received.map((d) => d.event.order.state)).toEqual(['draft', 'submitted', 'cancelled']);
  expect(received.map((d) => d.event.seq)).toEqual([1, 2, 3]);
  for (const delivery of received) {
    expect(delivery.event.type).toBe('port_order.state_changed');
    expect(verifySignature(secret, delivery.signature, delivery.body, 300, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature('wrong-secret', delivery.signature, delivery.body, 300, Math.floor(Date.now() / 1000))).toBe(false);
  }
});

it('SPEC §4: a command job applies its event and returns the new state; a refused one fails as unrecoverable with the code', async () => {
  const id = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body.id as string;
  const { commands } = stack.harness.services.queues;
  const connection = stack.harness.services.bullRedis.duplicate();
  const events = new QueueEvents(QUEUES.commands, { connection, prefix: stack.harness.config.QUEUE_PREFIX });
  await events.waitUntilReady();
  try {
    const job = await commands.add('SUBMIT', { orderId: id, event: { type: 'SUBMIT' }, actor: 'crm' });
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toMatchObject({ orderId: id, state: 'submitted', version: 2 });
    const refused = await commands.add('SCHEDULE', { orderId: id, event: { type: 'PORT_COMPLETED' } });
    await expect(refused.waitUntilFinished(events, 10_000)).rejects.toThrow(/^invalid_transition/);
    const failed = await commands.getJob(refused.id!);
    expect(failed?.attemptsMade).toBe(1);
    const malformed = await commands.add('bad', { orderId: id, event: { type: 'SUBMIT' }, extra: true } as never);
    await expect(malformed.waitUntilFinished(events, 10_000)).rejects.toThrow(/^validation_failed/);
  } finally {
    await events.close();
    connection.disconnect();
  }
  const history = (await stack.call('GET', `/v1/port-orders/${id}/history`)).body.items;
  expect(history.map((entry: { actor: string }) => entry.actor)).toEqual(['api:ops', 'queue:crm']);
});

it('SPEC §4: every state change is one job on portflow-events', async () => {
  const id = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body.id as string;
  await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'SUBMIT' });
  await stack.call('POST', `/v1/port-orders/${id}/events`, { type: 'UPDATE', customerReference: 'not a state change' });
  await eventually(async () => (await stack.harness.services.queues.events.getJob(`${id}.2`)) !== undefined, 10_000, 'events job');
  const jobs = await Promise.all([1, 2, 3].map((seq) => stack.harness.services.queues.events.getJob(`${id}.${seq}`)));
  expect(jobs.map((job) => job?.data.to ?? null)).toEqual(['draft', 'submitted', null]);
});

it('SPEC §5: /health reports Redis, each queue portflow works and its workers', async () => {
  const response = await fetch(`${stack.url}/health`);
  expect(response.status).toBe(200);
  const health = (await response.json()) as { queues: { name: string; workers: number }[]; warnings: string[] };
  expect(health.queues.map((queue) => queue.name).sort()).toEqual(
    [QUEUES.commands, QUEUES.mail, QUEUES.testCalls, QUEUES.timers, QUEUES.webhooks].sort(),
  );
  expect(health.queues.every((queue) => queue.workers >= 1)).toBe(true);
  expect(health.warnings).toEqual([]);
});
