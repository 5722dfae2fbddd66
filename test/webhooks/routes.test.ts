import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from '../../src/api/errors';
import { webhookRoutePolicy, webhookRoutes } from '../../src/webhooks/routes';
import { WebhookTools } from '../../src/webhooks/tools';
import { MAX_WEBHOOK_URL_LENGTH } from '../../src/webhooks/subscriptionInput';
import { WEBHOOK_EVENT_TYPES } from '../../src/webhooks/webhookEvent';
import { webhookFixture, type WebhookFixture } from './webhookFixture';

/**
 * The plugin on a bare Fastify with the API's real error handler, over real HTTP. Auth is the
 * server's job (it decides by route); `webhookRoutePolicy` is what it is told.
 */
let fx: WebhookFixture;
let app: FastifyInstance;
let base: string;
const registered: string[] = [];

beforeEach(async () => {
  fx = webhookFixture('routes');
  app = Fastify();
  registerErrorHandling(app);
  registered.length = 0;
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') registered.push(`${method} ${route.url}`);
  });
  await app.register(webhookRoutes, { subscriptions: fx.subscriptions, log: fx.log, tools: new WebhookTools({ subscriptions: fx.subscriptions, log: fx.log, queue: fx.queue }) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  await app.close();
  await fx.cleanup();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

describe('/v1/webhooks (SPEC §5)', () => {
  it('§5: create answers 201 with the signing secret; it is never shown again', async () => {
    const created = await call('POST', '/v1/webhooks', { url: 'https://hooks.example.com/portflow' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^wh_[0-9A-Z]{26}$/),
      url: 'https://hooks.example.com/portflow',
      events: [...WEBHOOK_EVENT_TYPES],
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: '2026-12-01T16:00:00.000Z',
    });
    const { secret, ...shown } = created.json;

    const one = await call('GET', `/v1/webhooks/${created.json.id}`);
    const list = await call('GET', '/v1/webhooks');
    expect(one).toEqual({ status: 200, json: shown });
    expect(list).toEqual({ status: 200, json: { items: [shown] } });
    expect(JSON.stringify([one.json, list.json])).not.toContain(secret);
  });

  it('§5: every subscription gets its own secret', async () => {
    const a = await call('POST', '/v1/webhooks', { url: 'https://a.example.com/' });
    const b = await call('POST', '/v1/webhooks', { url: 'https://a.example.com/' });
    expect(a.json.secret).not.toBe(b.json.secret);
  });

  it.each([
    ['an ftp:// URL', { url: 'ftp://files.example.com/hook' }, 'url', 'invalid_format'],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url', 'invalid_format'],
    ['a relative URL', { url: '/hooks' }, 'url', 'invalid_format'],
    ['a huge URL', { url: `https://example.com/${'a'.repeat(MAX_WEBHOOK_URL_LENGTH)}` }, 'url', 'too_big'],
    ['no URL', {}, 'url', 'required'],
    ['an unknown event type', { url: 'https://example.com/', events: ['port_order.deleted'] }, 'events[0]', 'invalid_value'],
    ['an empty event list', { url: 'https://example.com/', events: [] }, 'events', 'too_small'],
    ['an unknown field', { url: 'https://example.com/', secret: 'mine' }, 'secret', 'unknown_field'],
  ])('§5: %s is refused with 400 validation_failed', async (_name, body, path, code) => {
    const answer = await call('POST', '/v1/webhooks', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation_failed');
    expect(answer.json.error.details.issues).toContainEqual(expect.objectContaining({ path, code }));
    expect((await call('GET', '/v1/webhooks')).json.items).toEqual([]);
  });

  it('§5: a URL of exactly the maximum length is accepted', async () => {
    const url = `https://example.com/${'a'.repeat(MAX_WEBHOOK_URL_LENGTH - 'https://example.com/'.length)}`;
    expect((await call('POST', '/v1/webhooks', { url })).status).toBe(201);
  });

  it('§5: DELETE answers 204, then the subscription is gone (404 not_found)', async () => {
    const { json } = await call('POST', '/v1/webhooks', { url: 'https://example.com/' });
    expect((await call('DELETE', `/v1/webhooks/${json.id}`)).status).toBe(204);
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${json.id}`],
      ['DELETE', `/v1/webhooks/${json.id}`],
      ['GET', `/v1/webhooks/${json.id}/deliveries`],
      ['GET', '/v1/webhooks/not-an-id'],
    ]) {
      const answer = await call(method, path);
      expect([answer.status, answer.json.error.code]).toEqual([404, 'not_found']);
    }
  });

  it('§5.1: the delivery log and the dead letters are readable, newest first, with a bounded limit', async () => {
    const { json } = await call('POST', '/v1/webhooks', { url: 'https://example.com/' });
    for (const attempt of [1, 2, 3]) {
      await fx.log.record(json.id, {
        deliveryId: 'wh-x-po_1-1', orderId: 'po_1', seq: 1, attempt, status: attempt < 3 ? 'failed' : 'dead',
        httpStatus: 500, error: 'http_500', at: '2026-12-01T16:00:00.000Z',
      });
    }

    const deliveries = await call('GET', `/v1/webhooks/${json.id}/deliveries?limit=2`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.json.items.map((a: { attempt: number; status: string }) => [a.attempt, a.status])).toEqual([
      [3, 'dead'],
      [2, 'failed'],
    ]);
    expect((await call('GET', `/v1/webhooks/${json.id}/dead-letters`)).json).toEqual({ items: [] });
    for (const limit of ['0', '1001', 'x']) {
      const answer = await call('GET', `/v1/webhooks/${json.id}/deliveries?limit=${limit}`);
      expect([answer.status, answer.json.error.details.issues[0].path]).toEqual([400, 'limit']);
    }
  });

  it('§5: webhookRoutePolicy lists exactly the routes the plugin registers, all ops only', () => {
    expect(webhookRoutePolicy.map((r) => `${r.method} ${r.url}`).sort()).toEqual([...registered].sort());
    expect(new Set(webhookRoutePolicy.map((r) => r.role))).toEqual(new Set(['ops']));
  });
});
