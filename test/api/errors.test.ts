import type { Redis } from 'ioredis';
import { NotFoundError } from '../../src/errors/NotFoundError';
import { VersionConflictError } from '../../src/errors/VersionConflictError';
import { FakeEngine } from './support/fakeEngine';
import { bearer, expectErrorShape, startApi, testConfig, testRedis, tokens, type RunningApi } from './support/apiServer';

/**
 * SPEC §5 "Errors, always: { error: { code, message, details } }" for what the HTTP layer itself
 * refuses (body parsing, headers, query, routing) and for what the engine throws. The engine is the
 * in-memory fake: this file is about the error shape, not the order logic.
 */

const BODY_LIMIT = 2048;
const eventsPath = `/v1/port-orders/${FakeEngine.orderId}/events`;

let redis: Redis;
let api: RunningApi;
let engine: FakeEngine;

beforeAll(async () => {
  redis = testRedis();
  engine = new FakeEngine();
  api = await startApi({ engine, redis, config: testConfig({ BODY_LIMIT_BYTES: String(BODY_LIMIT) }) });
});

afterAll(async () => {
  redis.disconnect();
  await api?.close();
});

afterEach(() => {
  engine.failure = null;
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${api.url}${path}`, { ...init, headers: { ...bearer(tokens.ops), ...(init.headers as Record<string, string>) } });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function expectError(answer: Promise<{ status: number; body: unknown }>, status: number, code: string) {
  const { status: actual, body } = await answer;
  expectErrorShape(body);
  expect({ status: actual, code: body.error.code }).toEqual({ status, code });
  return body;
}

describe('SPEC §5: request bodies', () => {
  it('bad JSON is 400 invalid_json, and the message does not echo the body', async () => {
    const body = await expectError(postJson('/v1/port-orders', '{"account":{"pin":"4321"'), 400, 'invalid_json');
    expect(body.error.message).not.toContain('4321');
  });

  it('an empty body declared as JSON is 400 invalid_json', async () => {
    await expectError(postJson(eventsPath, ''), 400, 'invalid_json');
  });

  it('a body over BODY_LIMIT_BYTES is 413 payload_too_large', async () => {
    await expectError(postJson('/v1/port-orders', JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT) })), 413, 'payload_too_large');
  });

  it('a body over the limit sent chunked (no Content-Length) is 413 payload_too_large too', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(BODY_LIMIT)));
        controller.close();
      },
    });
    const init = { method: 'POST', body: chunks, duplex: 'half', headers: { 'content-type': 'application/json' } };
    await expectError(call('/v1/port-orders', init as RequestInit), 413, 'payload_too_large');
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a %s body is 415 unsupported_media_type',
    async (contentType) => {
      await expectError(call('/v1/port-orders', { method: 'POST', body: 'kind=us', headers: { 'content-type': contentType } }), 415, 'unsupported_media_type');
    },
  );

  it('a JSON body of the wrong shape reaches the engine and is its 400 validation_failed with field paths', async () => {
    const body = await expectError(postJson(eventsPath, JSON.stringify({ type: 'SCHEDULE', startAt: 42 })), 400, 'validation_failed');
    expect(body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'startAt' })]));
  });

  it('prototype poisoning ("__proto__" keys) is refused as invalid JSON', async () => {
    await expectError(postJson('/v1/port-orders', '{"__proto__":{"admin":true}}'), 400, 'invalid_json');
  });
});

describe('SPEC §5: headers of a write', () => {
  it.each(['abc', 'W/"7"', '"7', '7, 8', '-1', '1.5', '1234567890123456', ' '])('R39: If-Match %p is 400 validation_failed', async (ifMatch) => {
    const body = await expectError(postJson(eventsPath, '{"type":"SUBMIT"}', { 'if-match': ifMatch }), 400, 'validation_failed');
    expect(body.error.details.issues).toEqual([expect.objectContaining({ path: 'headers.if-match' })]);
  });

  it.each(['7', '"7"'])('R39: If-Match %s reaches the engine as version 7', async (ifMatch) => {
    const { status } = await postJson(eventsPath, '{"type":"SUBMIT"}', { 'if-match': ifMatch });
    expect(status).toBe(200);
    expect(engine.lastCall().options).toEqual({ ifMatch: 7 });
  });

  it.each([
    ['longer than 200 characters', 'k'.repeat(201)],
    ['not printable ASCII', 'clé-1'],
    ['empty', ''],
  ])('R40: an Idempotency-Key %s is 400 validation_failed', async (_what, key) => {
    const body = await expectError(postJson(eventsPath, '{"type":"SUBMIT"}', { 'idempotency-key': key }), 400, 'validation_failed');
    expect(body.error.details.issues).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
  });

  it('R40: an Idempotency-Key of 200 printable characters reaches the engine on creates and events', async () => {
    const key = `k ${'~'.repeat(198)}`;
    await postJson(eventsPath, '{"type":"SUBMIT"}', { 'idempotency-key': key });
    expect(engine.lastCall().options).toEqual({ idempotencyKey: key });
    await postJson('/v1/port-projects', '{"accounts":[]}', { 'idempotency-key': key });
    expect(engine.lastCall()).toMatchObject({ method: 'createProject', options: { idempotencyKey: key } });
  });

  it('R39: an order answer carries its version as an ETag, the value If-Match takes back', async () => {
    const { headers } = await call(`/v1/port-orders/${FakeEngine.orderId}`);
    expect(headers.get('etag')).toBe('"7"');
  });
});

describe('SPEC §5: query parameters', () => {
  it.each([
    ['/v1/port-orders?limit=0', 'query.limit'],
    ['/v1/port-orders?limit=201', 'query.limit'],
    ['/v1/port-orders?limit=ten', 'query.limit'],
    ['/v1/port-orders?state=lost', 'query.state'],
    ['/v1/port-orders?kind=mobile', 'query.kind'],
    ['/v1/events?limit=1000', 'query.limit'],
    ['/v1/porting-calendar/slots?from=2026-12-01&days=63', 'query.days'],
    ['/v1/porting-calendar/slots?from=2026-12-01&days=0', 'query.days'],
    ['/v1/porting-calendar/slots?from=2026-02-30', 'query.from'],
    ['/v1/porting-calendar/slots?days=3', 'query.from'],
  ])('%s is 400 validation_failed at %s', async (path, issuePath) => {
    const body = await expectError(call(path), 400, 'validation_failed');
    expect(body.error.details.issues).toEqual([expect.objectContaining({ path: issuePath })]);
  });

  it('limit defaults to 50 and state/kind pass through when valid', async () => {
    await call('/v1/port-orders?state=focConfirmed&kind=tollFree');
    expect(engine.lastCall().args).toEqual([{ state: 'focConfirmed', kind: 'tollFree', limit: 50 }]);
  });

  it('slots: days defaults to 7 and arrives as a number', async () => {
    await call('/v1/porting-calendar/slots?from=2026-12-14');
    expect(engine.lastCall().args).toEqual([{ from: '2026-12-14', days: 7 }]);
  });
});

describe('SPEC §5: routing', () => {
  it.each([
    ['GET', '/v1/nothing'],
    ['DELETE', `/v1/port-orders/${FakeEngine.orderId}`],
  ])('%s %s is 404 not_found', async (method, path) => {
    await expectError(call(path, { method }), 404, 'not_found');
  });

  it('an id longer than any id is 414 uri_too_long', async () => {
    await expectError(call(`/v1/port-orders/${'x'.repeat(500)}`), 414, 'uri_too_long');
  });

  it('a malformed URL (bad percent-encoding) is 400 bad_request in the same shape', async () => {
    await expectError(call('/v1/port-orders/%E0%A4%A'), 400, 'bad_request');
  });
});

describe('SPEC §5: engine errors', () => {
  it('a PortflowError keeps its status, code and details', async () => {
    engine.failure = new VersionConflictError(FakeEngine.orderId, 6, 7);
    const body = await expectError(postJson(eventsPath, '{"type":"SUBMIT"}', { 'if-match': '6' }), 409, 'version_conflict');
    expect(body.error.details).toEqual({ orderId: FakeEngine.orderId, expectedVersion: 6, currentVersion: 7 });
  });

  it('an unknown order is 404 not_found', async () => {
    await expectError(call('/v1/port-orders/po_404/history'), 404, 'not_found');
    engine.failure = new NotFoundError('project', 'pp_x');
    await expectError(call('/v1/port-projects/pp_x'), 404, 'not_found');
  });

  it('anything else is 500 internal_error that reveals nothing of the failure', async () => {
    engine.failure = new Error('redis said: WRONGTYPE at key portflow:{po_1}:secret');
    const body = await expectError(call(`/v1/port-orders/${FakeEngine.orderId}`), 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('WRONGTYPE');
    expect(body.error.details).toEqual({});
  });
});

describe('request ids', () => {
  it('every answer, errors included, names its request id; a sane client id is kept', async () => {
    const mine = await call('/v1/nothing', { headers: { 'x-request-id': 'client-req-42' } });
    expect(mine.headers.get('x-request-id')).toBe('client-req-42');
    const generated = await call('/v1/nothing', { headers: { 'x-request-id': 'has spaces and is not sane' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
