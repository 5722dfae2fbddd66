import { verifySignature } from '../../src/webhooks/signature';
import { usOrderInput } from '../support/orderInputs';
import { eventually, startStack, type Stack } from '../support/stack';
import { startReceiver, type Receiver } from '../webhooks/webhookFixture';

/** R63: webhook redelivery and ping, through HTTP on a whole portflow (relay and delivery workers). */

let stack: Stack;
let receiver: Receiver;
let failing: Receiver;
let webhook: { id: string; secret: string };

beforeAll(async () => {
  stack = await startStack({ WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
  receiver = await startReceiver();
  failing = await startReceiver((_request, _n, response) => response.writeHead(500).end());
  webhook = (await stack.call('POST', '/v1/webhooks', { url: receiver.url, events: ['port_order.state_changed'] })).body;
});

afterAll(async () => {
  await receiver?.close();
  await failing?.close();
  await stack?.close();
});

const eventsOf = (r: Receiver) => r.requests.map((request) => ({ event: JSON.parse(request.body), delivery: request.headers['portflow-delivery'] }));

describe('R63 webhook tools', () => {
  it('R63: redeliver sends the same event (same id) again as a new delivery, logged under its own delivery id', async () => {
    const order = (await stack.call('POST', '/v1/port-orders', usOrderInput())).body;
    const first = await eventually(async () => eventsOf(receiver).find(({ event }) => event.order.id === order.id), 10_000, 'the first delivery');
    const log = await eventually(async () => {
      const items = (await stack.call('GET', `/v1/webhooks/${webhook.id}/deliveries`)).body.items as { deliveryId: string; orderId: string; status: string }[];
      return items.find((attempt) => attempt.orderId === order.id && attempt.status === 'delivered');
    });

    const answer = await stack.call('POST', `/v1/webhooks/${webhook.id}/deliveries/${log.deliveryId}/redeliver`);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ deliveryId: expect.stringMatching(/^rd-/), redeliveryOf: log.deliveryId, eventId: first.event.id, eventType: 'port_order.state_changed' });

    const again = await eventually(
      async () => eventsOf(receiver).find(({ delivery }) => delivery === answer.body.deliveryId),
      10_000,
      'the redelivery',
    );
    expect(again.event).toEqual(first.event);
    await eventually(async () => {
      const items = (await stack.call('GET', `/v1/webhooks/${webhook.id}/deliveries`)).body.items as { deliveryId: string; status: string }[];
      return items.some((attempt) => attempt.deliveryId === answer.body.deliveryId && attempt.status === 'delivered');
    });
  });

  it('R63: a delivery that does not exist is 404, a malformed id 400, and only ops may redeliver', async () => {
    expect((await stack.call('POST', `/v1/webhooks/${webhook.id}/deliveries/wh-nothing-here/redeliver`)).status).toBe(404);
    expect((await stack.call('POST', `/v1/webhooks/${webhook.id}/deliveries/${encodeURIComponent('a b:c')}/redeliver`)).status).toBe(400);
    expect((await stack.call('POST', `/v1/webhooks/wh_01NOSUCHWEBHOOK000000000000/deliveries/wh-x/redeliver`)).status).toBe(404);
    const asIntegration = await fetch(`${stack.url}/v1/webhooks/${webhook.id}/ping`, {
      method: 'POST',
      headers: { authorization: 'Bearer integration-token-0123456789abcdef' },
    });
    expect(asIntegration.status).toBe(403);
  });

  it('R63: ping sends a signed ping and answers how the receiver took it', async () => {
    const answer = await stack.call('POST', `/v1/webhooks/${webhook.id}/ping`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ eventId: expect.stringMatching(/^evt_ping_/), delivered: true, httpStatus: 204 });
    const ping = receiver.requests.find((request) => JSON.parse(request.body).id === answer.body.eventId)!;
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'ping', webhookId: webhook.id });
    expect(verifySignature(webhook.secret, String(ping.headers['portflow-signature']), ping.body, 300, Math.floor(Date.now() / 1000))).toBe(true);

    const refusing = (await stack.call('POST', '/v1/webhooks', { url: failing.url, events: ['port_order.note_added'] })).body;
    expect((await stack.call('POST', `/v1/webhooks/${refusing.id}/ping`)).body).toMatchObject({ delivered: false, httpStatus: 500 });
    expect((await stack.call('POST', '/v1/webhooks/wh_01NOSUCHWEBHOOK000000000000/ping')).status).toBe(404);
  });
});
