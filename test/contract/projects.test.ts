import { SettableClock } from '../../src/clock/clock';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { freshNumber, usOrderInput } from '../support/orderInputs';
import { dumpValues } from '../support/redisDump';

/**
 * R47 over HTTP: a project is created whole or not at all. "Nothing left behind" is checked on every
 * value stored under the harness's key prefix: orders, projects, history, number index, list
 * indexes, outbox, feed and idempotency records (no workers run, so nothing moves them).
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

const storeContents = async () => (await dumpValues(api.harness.services.redis, [`${api.harness.config.KEY_PREFIX}:*`])).join('\n');

/** A project of two account blocks over the given numbers (the fields the blocks share given once). */
function projectOf(first: string[], second: string[]): Record<string, unknown> {
  const { account, numbers: _numbers, ...shared } = usOrderInput();
  return {
    ...shared,
    accounts: [
      { account, numbers: first },
      { account: { ...account, companyName: 'Second Site LLC' }, numbers: second },
    ],
  };
}

it('R47: a project whose second block holds a number of an active order is 409 and leaves no order, project, claim or key; the corrected retry with the same Idempotency-Key succeeds', async () => {
  const active = usOrderInput();
  expect((await api.call('POST', '/v1/port-orders', { body: active })).status).toBe(201);
  const before = await storeContents();
  const headers = { 'idempotency-key': 'project-r47-1' };

  const first = [freshNumber(), freshNumber()];
  const refused = await api.call('POST', '/v1/port-projects', { body: projectOf(first, [freshNumber(), active.numbers[0]]), headers });
  expect(expectError(refused, 409, 'number_in_active_order')).toMatchObject({ number: active.numbers[0] });
  expect(await storeContents()).toBe(before);

  const correctedBody = projectOf(first, [freshNumber(), freshNumber()]);
  const corrected = await api.call('POST', '/v1/port-projects', { body: correctedBody, headers });
  expect(corrected.status).toBe(201);
  expect(corrected.body.orders).toHaveLength(2);
  const stored = await api.call('GET', `/v1/port-projects/${corrected.body.id}`);
  expect(stored.body.orders.map((order: { id: string }) => order.id).sort()).toEqual(corrected.body.orders.map((order: { id: string }) => order.id).sort());

  // The same request again replays the project (R40); the key with yet another body is refused (R54).
  const replayed = await api.call('POST', '/v1/port-projects', { body: correctedBody, headers });
  expect(replayed.body.id).toBe(corrected.body.id);
  expectError(await api.call('POST', '/v1/port-projects', { body: projectOf(first, [freshNumber(), freshNumber()]), headers }), 422, 'idempotency_key_reused');
});

it('R47: two projects racing for one number: one is created whole, the other is 409 and leaves nothing', async () => {
  const shared = freshNumber();
  const before = await storeContents();
  const answers = await Promise.all(
    [0, 1, 2, 3].map(() => api.call('POST', '/v1/port-projects', { body: projectOf([freshNumber(), freshNumber()], [freshNumber(), shared]) })),
  );
  expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
  const winner = answers.find((answer) => answer.status === 201)!.body;
  const { items } = (await api.call('GET', '/v1/port-orders?limit=200')).body as { items: { id: string; projectId: string | null }[] };
  const created = items.filter((order) => !before.includes(order.id));
  expect(created.map((order) => order.projectId)).toEqual([winner.id, winner.id]);
});
