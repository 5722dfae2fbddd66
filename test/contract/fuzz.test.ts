import fc from 'fast-check';
import { SettableClock } from '../../src/clock/clock';
import { expectErrorShape } from '../api/support/apiServer';
import { TEST_TOKENS } from '../support/harness';
import { apiActorOf, idempotencyRecordKey } from '../support/idempotencyRecords';
import { startApiHarness, type ApiHarness } from '../support/apiHarness';
import { storeFootprint } from '../support/storeFootprint';
import { usOrderInput } from '../support/orderInputs';

/**
 * SPEC §5 "No request, however malformed, gets a 5xx", against the real engine and Redis: 2,400
 * generated requests to the two write routes that take bodies. Every refusal is a 4xx in the error
 * shape and writes nothing: orders, history entries, number index, slots, outbox and feed are
 * counted before and after each request, and the idempotency record under its key is left as it was.
 * Requests are sequential over fetch's keep-alive connection, so each footprint belongs to one request.
 */

const BODY_LIMIT = 64 * 1024;
const RUNS = 2400;
const TARGETS = 8;

let api: ApiHarness;
let orderIds: string[];

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z'), env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
  orderIds = [];
  // Several targets: a generated event that happens to be valid (SUBMIT, CANCEL…) moves only one of them on.
  for (let i = 0; i < TARGETS; i++) orderIds.push((await api.call('POST', '/v1/port-orders', { body: usOrderInput() })).body.id);
});
afterAll(async () => {
  await api?.close();
});

/** Header values fetch can send: Latin-1 without control characters. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });

const anyJson = fc.jsonValue({ maxDepth: 4 });
const orderFields = ['kind', 'country', 'serviceType', 'numbers', 'losingCarrier', 'account', 'remainingNumbers', 'documents', 'contacts', 'requestedFocDate', 'customerReference', 'pin'];
const eventTypes = ['UPDATE', 'SUBMIT', 'REJECT', 'RESUBMIT', 'CONFIRM_FOC', 'RELEASE', 'CHANGE_FOC', 'SCHEDULE', 'RESCHEDULE', 'CONFIRM_READY', 'NOT_READY', 'PORT_COMPLETED', 'NUMBERS_RELEASED', 'TEST_CALLS_PASSED', 'TEST_CALLS_FAILED', 'RETEST', 'CANCEL', 'TIMER', 'submit', ''];

/** A valid order with one field replaced by anything: wrong types where the engine expects real ones. */
const orderWithWrongField = fc
  .tuple(fc.constantFrom(...orderFields), anyJson)
  .map(([field, value]) => JSON.stringify({ ...usOrderInput(), [field]: value }));
const orderWithWrongAccountField = fc
  .tuple(fc.constantFrom('companyName', 'billingTelephoneNumber', 'pin', 'serviceAddress', 'accountNumber', '__proto__'), anyJson)
  .map(([field, value]) => JSON.stringify({ ...usOrderInput(), account: { ...usOrderInput().account, [field]: value } }));
const eventWithWrongPayload = fc
  .record(
    { type: fc.oneof(fc.constantFrom(...eventTypes), anyJson), startAt: anyJson, reason: anyJson, focDate: anyJson, numbers: anyJson, results: anyJson, extra: anyJson },
    { requiredKeys: ['type'] },
  )
  .map((event) => JSON.stringify(event));
/** Each event type with its own payload fields (SPEC §3.1), filled with values that are sometimes right: these reach the machines. */
const payloadFields: Record<string, string[]> = {
  UPDATE: ['customerReference', 'numbers'],
  SUBMIT: [],
  REJECT: ['reason', 'code'],
  RESUBMIT: [],
  CONFIRM_FOC: ['focDate'],
  RELEASE: ['releasedAt'],
  CHANGE_FOC: ['focDate', 'reason'],
  SCHEDULE: ['startAt', 'offHours'],
  RESCHEDULE: ['startAt', 'offHours'],
  CONFIRM_READY: ['confirmedBy'],
  NOT_READY: ['reason'],
  PORT_COMPLETED: ['notReleased'],
  NUMBERS_RELEASED: ['numbers'],
  TEST_CALLS_PASSED: ['results'],
  RETEST: [],
  CANCEL: ['reason'],
};
const plausibleValue = fc.oneof(
  anyJson,
  fc.constantFrom('2026-12-16T16:00:00Z', '2026-12-21T16:00:00Z', '2026-12-15', 'Carrier says no', '+13034561234', true, [], ['+13034561234']),
);
const plausibleEvent = fc
  .constantFrom(...Object.keys(payloadFields))
  .chain((type) =>
    fc
      .record(Object.fromEntries(payloadFields[type].map((field) => [field, plausibleValue])), { requiredKeys: [] })
      .map((payload) => JSON.stringify({ type, ...payload })),
  );

const deep = fc.integer({ min: 100, max: 20_000 }).chain((depth) =>
  fc.constantFrom('[]', '{}').map((shape) =>
    shape === '[]' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  ),
);
const huge = fc.integer({ min: BODY_LIMIT - 64, max: BODY_LIMIT * 2 }).map((size) => JSON.stringify({ ...usOrderInput(), customerReference: 'x'.repeat(size) }));
const broken = fc.oneof(
  fc.string({ maxLength: 200 }),
  anyJson.map((value) => (JSON.stringify(value) ?? '').slice(0, -1)),
  fc.constantFrom('', 'null', '[]', '"text"', '1e999', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '\u0000', '{"type":"SUBMIT"}{"type":"SUBMIT"}'),
);

const body = fc.oneof(
  { weight: 4, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
  { weight: 4, arbitrary: orderWithWrongField },
  { weight: 3, arbitrary: orderWithWrongAccountField },
  { weight: 3, arbitrary: eventWithWrongPayload },
  { weight: 5, arbitrary: plausibleEvent },
  { weight: 2, arbitrary: broken },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge },
);

/** An optional header, absent three times out of four so that the other parts of a request get through. */
const sometimes = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

const request = fc.record({
  /** -1: an order that does not exist. */
  target: fc.oneof(fc.constant('create' as const), fc.integer({ min: -1, max: TARGETS - 1 })),
  body: fc.option(body, { freq: 12, nil: undefined }),
  contentType: fc.oneof(
    { weight: 10, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom('application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '*/*', 'json', 'application/jsonx'),
        headerText(60),
      ),
    },
  ),
  authorization: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(`Bearer ${TEST_TOKENS.ops}`, `Bearer ${TEST_TOKENS.integration}`) },
    { weight: 1, arbitrary: fc.constantFrom(`Bearer ${TEST_TOKENS.viewer}`, `Basic ${TEST_TOKENS.ops}`, `Bearer  ${TEST_TOKENS.ops}x`, 'Bearer') },
    { weight: 1, arbitrary: headerText(100) },
  ),
  ifMatch: sometimes(fc.oneof(headerText(40), fc.nat(20).map(String), fc.nat(20).map((n) => `"${n}"`), fc.constant('W/"1"'))),
  idempotencyKey: sometimes(fc.oneof(headerText(250), fc.stringMatching(/^[a-z0-9-]{1,40}$/))),
  requestId: sometimes(headerText(100)),
});


it(`SPEC §5, R38: ${RUNS} malformed bodies and headers on the write routes: zero 5xx, every 4xx in the error shape, zero writes`, async () => {
  const statuses: Record<number, number> = {};
  const redis = api.harness.services.redis;
  const prefix = api.harness.config.KEY_PREFIX;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const orderId = r.target === 'create' ? null : r.target === -1 ? 'po_01J00000000000000000000000' : orderIds[r.target];
      const headers: Record<string, string> = { authorization: r.authorization };
      if (r.contentType !== undefined) headers['content-type'] = r.contentType;
      if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
      if (r.requestId !== undefined) headers['x-request-id'] = r.requestId;
      const path = orderId === null ? '/v1/port-orders' : `/v1/port-orders/${orderId}/events`;

      // R54: the record belongs to the API key; any configured key may be the one the request carries.
      const records =
        r.idempotencyKey === undefined ? [] : Object.values(TEST_TOKENS).map((token) => idempotencyRecordKey(prefix, apiActorOf(token), r.idempotencyKey!));
      const before = { store: await storeFootprint(api.harness), idempotency: records.length === 0 ? [] : await redis.mget(records) };
      const response = await fetch(`${api.url}${path}`, { method: 'POST', headers, body: r.body });
      const text = await response.text();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;

      expect(response.status).toBeLessThan(500);
      if (response.status < 400) return;
      expectErrorShape(JSON.parse(text));
      expect({ store: await storeFootprint(api.harness), idempotency: records.length === 0 ? [] : await redis.mget(records) }).toEqual(before);
    }),
    { numRuns: RUNS },
  );
  // The generators must reach the engine, not stop at the HTTP layer: validation refusals dominate,
  // and some requests get through validation to the orders themselves (accepted, or refused by state).
  const count = (...codes: number[]) => codes.reduce((sum, code) => sum + (statuses[code] ?? 0), 0);
  expect(count(400)).toBeGreaterThan(RUNS / 3);
  expect(count(200, 404, 409, 422)).toBeGreaterThan(0);
}, 120_000);
