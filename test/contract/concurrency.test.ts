import { SettableClock } from '../../src/clock/clock';
import { expectError, startApiHarness, type ApiAnswer, type ApiHarness } from '../support/apiHarness';
import { storeFootprint } from '../support/storeFootprint';
import { freshNumber, usOrderInput } from '../support/orderInputs';

/**
 * R11, R39 and R40 over HTTP: racing requests on real sockets against the real engine and Redis.
 * Fetch opens a connection per in-flight request, so the server really handles them at once.
 */

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

async function createOrder(input: Record<string, unknown> = usOrderInput()): Promise<string> {
  const created = await api.call('POST', '/v1/port-orders', { body: input });
  expect(created.status).toBe(201);
  return created.body.id;
}

const send = (id: string, event: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ApiAnswer> =>
  api.call('POST', `/v1/port-orders/${id}/events`, { as: 'integration', body: event, headers });

const order = async (id: string) => (await api.call('GET', `/v1/port-orders/${id}`)).body;
const history = async (id: string) => (await api.call('GET', `/v1/port-orders/${id}/history?limit=200`)).body.items as any[];

describe('R11: one active order per number, under races', () => {
  it('R11: two creates with the same number at once: exactly one 201, the other 409 naming the winner', async () => {
    for (let round = 0; round < 10; round++) {
      const shared = freshNumber();
      const answers = await Promise.all([
        api.call('POST', '/v1/port-orders', { body: usOrderInput({ numbers: [shared, freshNumber()] }) }),
        api.call('POST', '/v1/port-orders', { body: usOrderInput({ numbers: [freshNumber(), shared] }) }),
      ]);
      const winners = answers.filter((answer) => answer.status === 201);
      expect(winners).toHaveLength(1);
      const loser = answers.find((answer) => answer.status !== 201)!;
      expect(expectError(loser, 409, 'number_in_active_order')).toEqual({ number: shared, orderId: winners[0].body.id });
    }
  });
});

describe('R39: no lost update under concurrency', () => {
  it('R39: 50 parallel events on one order: version == history length == 1 + accepted, snapshot consistent', async () => {
    const id = await createOrder();
    // 49 UPDATEs race one SUBMIT: UPDATEs that land after the SUBMIT are refused (submitted takes no UPDATE).
    const events = Array.from({ length: 50 }, (_, i) => (i === 25 ? { type: 'SUBMIT' } : { type: 'UPDATE', customerReference: `PO-${i}` }));
    const answers = await Promise.all(events.map((event) => send(id, event)));

    const acceptedCount = answers.filter((answer) => answer.status === 200).length;
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect([409]).toContain(answer.status);
      expect(['invalid_transition', 'version_conflict']).toContain(answer.body.error.code);
    }
    const final = await order(id);
    const entries = await history(id);
    expect(final.version).toBe(1 + acceptedCount);
    expect(entries).toHaveLength(final.version);
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
    // Each entry starts where the previous one ended; the snapshot is where the last one ended.
    entries.slice(1).forEach((entry, i) => expect(entry.from).toBe(entries[i].to));
    expect(final.state).toBe(entries[entries.length - 1].to);
    expect(final.state).toBe('submitted');
    const lastUpdate = entries.filter((entry) => entry.type === 'UPDATE').pop();
    expect(final.customerReference).toBe(lastUpdate ? lastUpdate.payload.changed.customerReference.to : 'PO-1182');
    // Every accepted answer is a distinct version: no two writers committed over the same one.
    const versions = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.version);
    expect(new Set(versions).size).toBe(acceptedCount);
  });

  it('R39: If-Match: exactly one of 10 concurrent writers of the same version wins, the others get 409 version_conflict', async () => {
    const id = await createOrder();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(id, { type: 'UPDATE', customerReference: `writer-${i}` }, { 'if-match': '"1"' })),
    );
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 200)) {
      expect(expectError(loser, 409, 'version_conflict')).toEqual({ orderId: id, expectedVersion: 1, currentVersion: 2 });
    }
    const final = await order(id);
    expect([final.version, final.customerReference]).toEqual([2, winners[0].body.customerReference]);
    expect(await history(id)).toHaveLength(2);
  });
});

describe('R40: Idempotency-Key', () => {
  it('R40: an event repeated with the same key returns the same body and writes nothing', async () => {
    const id = await createOrder();
    const key = { 'idempotency-key': `submit-${id}` };
    const first = await send(id, { type: 'SUBMIT' }, key);
    expect(first.status).toBe(200);
    const before = await storeFootprint(api.harness);

    const replay = await send(id, { type: 'SUBMIT' }, key);
    expect([replay.status, replay.body]).toEqual([200, first.body]);
    expect(await storeFootprint(api.harness)).toEqual(before);
    expect(await history(id)).toHaveLength(2);
  });

  it('R40: a create repeated with the same key returns the same order and creates nothing', async () => {
    const key = { 'idempotency-key': `create-${freshNumber()}` };
    const input = usOrderInput();
    const first = await api.call('POST', '/v1/port-orders', { body: input, headers: key });
    expect(first.status).toBe(201);
    const before = await storeFootprint(api.harness);

    const replay = await api.call('POST', '/v1/port-orders', { body: input, headers: key });
    expect([replay.status, replay.body]).toEqual([201, first.body]);
    expect(await storeFootprint(api.harness)).toEqual(before);
  });

  // Regression: the loser of the race once answered its own, never written, order view.
  it('R40: two creates racing with the same key both answer the one order that was created', async () => {
    const key = { 'idempotency-key': `race-${freshNumber()}` };
    const input = usOrderInput();
    const before = await storeFootprint(api.harness);
    const answers = await Promise.all([1, 2, 3, 4].map(() => api.call('POST', '/v1/port-orders', { body: input, headers: key })));
    expect((await storeFootprint(api.harness)).orders).toBe(before.orders + 1);
    const ids = new Set(answers.map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    expect((await api.call('GET', `/v1/port-orders/${[...ids][0]}`)).status).toBe(200);
  });
});
