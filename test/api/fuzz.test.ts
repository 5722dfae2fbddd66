import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { FakeEngine } from './support/fakeEngine';
import { expectErrorShape, startApi, testConfig, testRedis, tokens, type RunningApi } from './support/apiServer';

/**
 * SPEC §5: "No request, however malformed (bad JSON, wrong types, huge bodies, unknown routes), gets
 * a 5xx." 500 random requests over real HTTP. The engine is the fake (it validates bodies with the
 * engine's own zod schemas); this proves the HTTP layer turns every malformed input into a 4xx.
 */

const BODY_LIMIT = 4096;

let redis: Redis;
let api: RunningApi;

beforeAll(async () => {
  redis = testRedis();
  api = await startApi({ engine: new FakeEngine(), redis, config: testConfig({ BODY_LIMIT_BYTES: String(BODY_LIMIT) }) });
});

afterAll(async () => {
  redis.disconnect();
  await api?.close();
});

/** Header values fetch can send: Latin-1 without control characters. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 300 });

const segment = fc.oneof(
  fc.constant(FakeEngine.orderId),
  fc.constant(FakeEngine.projectId),
  fc.string({ maxLength: 120 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '%00', '%2F'),
);

type Target = { method: string; path: string };
const to = (method: string) => (path: string): Target => ({ method, path });

/** Mostly the real routes with their own methods (so requests reach the engine), some anything at all. */
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('/v1/port-orders', '/v1/port-projects', '/v1/porting-calendar/check').map(to('POST')) },
  { weight: 3, arbitrary: fc.constantFrom('/v1/port-orders', '/v1/porting-calendar/slots', '/v1/events').map(to('GET')) },
  { weight: 8, arbitrary: segment.map((id) => `/v1/port-orders/${id}/events`).map(to('POST')) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(segment.map((id) => `/v1/port-orders/${id}`), segment.map((id) => `/v1/port-orders/${id}/history`), segment.map((id) => `/v1/port-projects/${id}`))
      .map(to('GET')),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), fc.webPath()).map(([method, path]) => ({ method, path })),
  },
);

const query = fc.option(
  fc
    .dictionary(fc.constantFrom('state', 'kind', 'limit', 'cursor', 'after', 'from', 'days', 'x'), fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String)))
    .map((params) => `?${new URLSearchParams(params).toString()}`),
  { nil: '' },
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ type: fc.constantFrom('UPDATE', 'SUBMIT', 'SCHEDULE', 'TIMER', 'REJECT', 'CANCEL'), startAt: fc.jsonValue(), reason: fc.jsonValue() }, { requiredKeys: ['type'] }),
  fc.record({ kind: fc.jsonValue(), numbers: fc.jsonValue(), account: fc.jsonValue(), accounts: fc.jsonValue(), startAt: fc.jsonValue() }, { requiredKeys: [] }),
).map((value) => JSON.stringify(value) ?? 'null');

const body = fc.oneof(
  jsonBody,
  fc.string({ maxLength: 200 }),
  jsonBody.map((json) => json.slice(0, Math.max(0, json.length - 1))),
  fc.constantFrom('{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '', 'null', '[]', '"string"', '1e999'),
  fc.integer({ min: BODY_LIMIT - 10, max: BODY_LIMIT * 3 }).map((size) => JSON.stringify({ pad: 'x'.repeat(size) })),
);

const request = fc.record({
  target,
  query,
  body: fc.option(body, { nil: undefined }),
  contentType: fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', '*/*', 'json') },
  ),
  authorization: fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${tokens.ops}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${tokens.viewer}`) },
    { weight: 1, arbitrary: headerText },
  ),
  ifMatch: fc.option(fc.oneof(headerText, fc.nat().map(String), fc.nat().map((n) => `"${n}"`)), { nil: undefined }),
  idempotencyKey: fc.option(headerText, { nil: undefined }),
});

it('SPEC §5: 500 malformed requests (bodies, headers, paths, queries) get zero 5xx, and every error has the error shape', async () => {
  await fc.assert(
    fc.asyncProperty(request, async ({ target: { method, path }, ...r }) => {
      const headers: Record<string, string> = { authorization: r.authorization };
      if (r.contentType !== undefined) headers['content-type'] = r.contentType;
      if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
      const response = await fetch(`${api.url}${path}${r.query}`, {
        method,
        headers,
        body: method === 'GET' ? undefined : r.body,
      });
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expectErrorShape(JSON.parse(text));
    }),
    { numRuns: 500 },
  );
});
