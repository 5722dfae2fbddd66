import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { subjectOf } from '../support/receivedMail';
import { eventually, startStack, type Stack } from '../support/stack';
import { startReceiver, type Receiver } from '../webhooks/webhookFixture';

/**
 * R60: notes through HTTP on a whole portflow (workers, relay, real SMTP): a customer note reaches
 * the contacts, `port_order.note_added` reaches webhooks and the change feed, outside the order's seq.
 */

let stack: Stack;
let receiver: Receiver;

beforeAll(async () => {
  stack = await startStack({ WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
  receiver = await startReceiver();
  const subscribed = await stack.call('POST', '/v1/webhooks', { url: receiver.url, events: ['port_order.note_added'] });
  expect(subscribed.status).toBe(201);
});

afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

async function as(role: keyof typeof TEST_TOKENS, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_TOKENS[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function newOrder(): Promise<{ id: string; version: number }> {
  const created = await stack.call('POST', '/v1/port-orders', usOrderInput({ customerReference: 'PO-NOTES-7' }));
  expect(created.status).toBe(201);
  return created.body;
}

describe('R60 notes', () => {
  it('R60: a note has an id, its author (the key’s role and name) and time, and leaves the order’s version alone', async () => {
    const order = await newOrder();
    const added = await as('integration', 'POST', `/v1/port-orders/${order.id}/notes`, { text: 'Called the carrier.\nThey want the CSR.', visibility: 'internal' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.stringMatching(/^note_/),
      orderId: order.id,
      text: 'Called the carrier.\nThey want the CSR.',
      visibility: 'internal',
      author: { role: 'integration', name: 'api:integration' },
      createdAt: expect.any(String),
    });
    expect((await stack.call('GET', `/v1/port-orders/${order.id}`)).body.version).toBe(order.version);
  });

  it('R60: a viewer reads notes but may not add one; an unknown order is 404', async () => {
    const order = await newOrder();
    expect((await as('viewer', 'POST', `/v1/port-orders/${order.id}/notes`, { text: 'x', visibility: 'internal' })).status).toBe(403);
    expect((await as('viewer', 'GET', `/v1/port-orders/${order.id}/notes`)).body).toEqual({ items: [], nextCursor: null });
    expect((await stack.call('POST', '/v1/port-orders/po_01UNKNOWN/notes', { text: 'x', visibility: 'internal' })).status).toBe(404);
    expect((await stack.call('GET', '/v1/port-orders/po_01UNKNOWN/notes')).status).toBe(404);
  });

  it('R60: text is multi-line with line feeds only and at most 10,000 characters; visibility is internal or customer', async () => {
    const order = await newOrder();
    const path = `/v1/port-orders/${order.id}/notes`;
    const refusedPaths = async (body: unknown) => {
      const answer = await stack.call('POST', path, body);
      expect(answer.status).toBe(400);
      return answer.body.error.details.issues.map((found: { path: string }) => found.path);
    };
    expect(await refusedPaths({ text: 'line one\r\nline two', visibility: 'internal' })).toEqual(['text']);
    expect(await refusedPaths({ text: 'right-to-left \u202E override', visibility: 'internal' })).toEqual(['text']);
    expect(await refusedPaths({ text: 'x'.repeat(10_001), visibility: 'internal' })).toEqual(['text']);
    expect(await refusedPaths({ text: 'x', visibility: 'everyone' })).toEqual(['visibility']);
    expect(await refusedPaths({ text: 'x', visibility: 'internal', pinned: true })).toEqual(['pinned']);
    expect((await stack.call('POST', path, { text: 'y'.repeat(10_000), visibility: 'internal' })).status).toBe(201);
  });

  it('R60: notes are listed oldest first, a page at a time; a cursor it did not hand out is 400', async () => {
    const order = await newOrder();
    const path = `/v1/port-orders/${order.id}/notes`;
    for (const text of ['one', 'two', 'three']) expect((await stack.call('POST', path, { text, visibility: 'internal' })).status).toBe(201);
    const first = await stack.call('GET', `${path}?limit=2`);
    expect(first.body.items.map((note: { text: string }) => note.text)).toEqual(['one', 'two']);
    const second = await stack.call('GET', `${path}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ text: 'three' })], nextCursor: null });
    // R50: at most 50 notes of up to 10,000 characters a page keeps a page under 2 MB.
    expect((await stack.call('GET', `${path}?limit=51`)).status).toBe(400);
    const refused = await stack.call('GET', `${path}?cursor=not-a-cursor`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues[0]).toMatchObject({ path: 'query.cursor', code: 'invalid_cursor' });
  });

  it('R60: a customer note is mailed to the contacts (R37.1: order id and reference in the subject, a text part); an internal one is not', async () => {
    const order = await newOrder();
    const path = `/v1/port-orders/${order.id}/notes`;
    await stack.call('POST', path, { text: 'internal only: do not mail', visibility: 'internal' });
    await stack.call('POST', path, { text: 'We received your bill copy.\nThe port is on track.', visibility: 'customer' });
    const mail = await eventually(
      async () => stack.smtp.received.find((received) => subjectOf(received).includes(order.id) && subjectOf(received).includes('note')),
      10_000,
      'the customer note mail',
    );
    expect(subjectOf(mail)).toContain(`[${order.id} / PO-NOTES-7]`);
    expect(mail.to).toEqual(['jane@example.com']);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail.raw).toContain('We received your bill copy.');
    expect(stack.smtp.received.some((received) => received.raw.includes('internal only'))).toBe(false);
  });

  it('R60: port_order.note_added reaches the webhooks and the change feed, outside the order’s seq', async () => {
    const order = await newOrder();
    const note = (await stack.call('POST', `/v1/port-orders/${order.id}/notes`, { text: 'for the hooks', visibility: 'internal' })).body;
    const delivered = await eventually(
      async () => receiver.requests.map((request) => JSON.parse(request.body)).find((event) => event.note?.id === note.id),
      10_000,
      'the note_added delivery',
    );
    expect(delivered).toMatchObject({ id: `evt_${note.id}`, type: 'port_order.note_added', seq: null, order: { id: order.id }, note });
    expect(receiver.requests.every((request) => JSON.parse(request.body).type === 'port_order.note_added')).toBe(true);

    let cursor: string | null = null;
    const feed: { type: string; orderId: string; id?: string; seq: number | null }[] = [];
    do {
      const page: { status: number; body: { items: typeof feed; nextCursor: string | null } } = await stack.call('GET', `/v1/events?limit=200${cursor ? `&after=${cursor}` : ''}`);
      feed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(feed.filter((entry) => entry.orderId === order.id)).toEqual([
      expect.objectContaining({ type: 'port_order.state_changed', event: 'CREATE', seq: 1 }),
      expect.objectContaining({ type: 'port_order.note_added', event: null, id: note.id, seq: null, from: null, to: null }),
    ]);
  });
});
