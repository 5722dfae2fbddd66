import { SettableClock } from '../../src/clock/clock';
import { writeCanonicalJson } from '../../src/util/canonicalJson';
import { expectError, startApiHarness, type ApiAnswer, type ApiHarness } from '../support/apiHarness';
import { TEST_TOKENS } from '../support/harness';
import { apiActorOf, idempotencyRecordKey } from '../support/idempotencyRecords';
import { freshNumber, usOrderInput } from '../support/orderInputs';
import { storeFootprint } from '../support/storeFootprint';

/**
 * R54 over HTTP: an Idempotency-Key belongs to the API key that sent it and to one request. The
 * record keeps the request's fingerprint and its answer, so a reused key is recognized and refused.
 */

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

const send = (id: string, event: Record<string, unknown>, key: string, as: 'ops' | 'integration' = 'integration'): Promise<ApiAnswer> =>
  api.call('POST', `/v1/port-orders/${id}/events`, { as, body: event, headers: { 'idempotency-key': key } });

describe('R54: an Idempotency-Key stands for one request of one caller', () => {
  it('R54: the same key with another event is 422 idempotency_key_reused; the CANCEL is not silently dropped as a replay', async () => {
    const id = await api.createOrder();
    const key = `submit-${id}`;
    expect((await send(id, { type: 'SUBMIT' }, key)).status).toBe(200);
    const before = await storeFootprint(api.harness);

    const cancel = await send(id, { type: 'CANCEL', reason: 'customer withdrew' }, key);
    expect(expectError(cancel, 422, 'idempotency_key_reused')).toEqual({ idempotencyKey: key });
    expect(await storeFootprint(api.harness)).toEqual(before);
    expect((await api.call('GET', `/v1/port-orders/${id}`)).body.state).toBe('submitted');
    // With a key of its own, the CANCEL happens.
    expect((await send(id, { type: 'CANCEL', reason: 'customer withdrew' }, `cancel-${id}`)).body.state).toBe('cancelled');
  });

  it('R54: the same key with another body of the same event, or on another order, is 422', async () => {
    const [a, b] = [await api.createOrder(), await api.createOrder()];
    const key = `update-${a}`;
    expect((await send(a, { type: 'UPDATE', customerReference: 'PO-1' }, key)).status).toBe(200);
    expectError(await send(a, { type: 'UPDATE', customerReference: 'PO-2' }, key), 422, 'idempotency_key_reused');
    expectError(await send(b, { type: 'UPDATE', customerReference: 'PO-1' }, key), 422, 'idempotency_key_reused');
    expect((await api.call('GET', `/v1/port-orders/${b}`)).body.version).toBe(1);
    // A create with a key already used for an event is another request too.
    expectError(
      await api.call('POST', '/v1/port-orders', { as: 'integration', body: usOrderInput(), headers: { 'idempotency-key': key } }),
      422,
      'idempotency_key_reused',
    );
  });

  it('R54: the same body with its keys in another order is the same request: the first answer comes back', async () => {
    const id = await api.createOrder();
    const key = `reordered-${id}`;
    const first = await send(id, { type: 'UPDATE', customerReference: 'PO-7', losingCarrier: 'Other Telco' }, key);
    const again = await send(id, { losingCarrier: 'Other Telco', customerReference: 'PO-7', type: 'UPDATE' }, key);
    expect([again.status, again.body]).toEqual([200, first.body]);
  });

  it("R54: another caller's request with the same key is its own request: it never gets the first caller's order", async () => {
    const key = `create-${freshNumber()}`;
    const headers = { 'idempotency-key': key };
    const mine = await api.call('POST', '/v1/port-orders', { as: 'ops', body: usOrderInput(), headers });
    const theirs = await api.call('POST', '/v1/port-orders', { as: 'integration', body: usOrderInput(), headers });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    // Each caller's replay still finds its own order.
    expect((await api.call('POST', '/v1/port-orders', { as: 'integration', body: usOrderInput(), headers })).status).toBe(422);
  });

  it('R54: a record keeps the fingerprint and the answer, not the request', async () => {
    const id = await api.createOrder();
    const key = `record-${id}`;
    const reason = 'a reason only the request carried';
    const answer = await send(id, { type: 'CANCEL', reason }, key, 'ops');
    const record = await api.harness.services.redis.get(idempotencyRecordKey(api.harness.config.KEY_PREFIX, apiActorOf(TEST_TOKENS.ops), key));
    const [fingerprint, ...rest] = record!.split(' ');
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(rest.join(' '))).toEqual(answer.body);
    expect(record).not.toContain('"type":"CANCEL"');
  });

  it('R54: the fingerprint reads bodies with sorted keys, as JSON, without recursion (a 100,000-deep body is no stack overflow)', () => {
    const text = (value: unknown): string => {
      let out = '';
      writeCanonicalJson(value, (chunk) => (out += chunk));
      return out;
    };
    expect(text({ b: [1, { d: null, c: 'x"' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x\\"","d":null}]}');
    expect(text([])).toBe('[]');
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(text(deep)).toHaveLength(200_002);
  });
});
