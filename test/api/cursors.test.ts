import { SettableClock } from '../../src/clock/clock';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';

/** R56 over HTTP: a cursor the server did not hand out is 400 invalid_cursor on every cursor-taking route, never a 5xx. */

let api: ApiHarness;
let handedOut: string;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
  const created = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
  expect((await api.call('POST', `/v1/port-orders/${created.body.id}/events`, { body: { type: 'SUBMIT' } })).status).toBe(200);
  const feed = await api.call('GET', '/v1/events?limit=200', { as: 'viewer' });
  handedOut = feed.body.items.at(-1).cursor;
});
afterAll(async () => {
  await api?.close();
});

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('R56: cursors the server did not hand out', () => {
  it.each([
    ['past 2^64 (the fuzz run’s 500)', '99999999999999999999-0'],
    ['the largest stream id', '18446744073709551615-18446744073709551615'],
    ['a sequence past 2^64', '1-99999999999999999999'],
    ['past the newest entry', '9999999999999-0'],
    ['empty', ''],
    ['not an id', '0-0; DROP'],
    ['overlong', '1'.repeat(5000)],
  ])('R56: GET /v1/events?after=<%s> is 400 invalid_cursor', async (_name, after) => {
    const details = expectError(await api.call('GET', `/v1/events?after=${encodeURIComponent(after)}`, { as: 'viewer' }), 400, 'invalid_cursor');
    expect(details.issues).toEqual([expect.objectContaining({ path: 'query.after', code: 'invalid_cursor' })]);
  });

  it.each([
    ['not base64 of a position', 'not-a-cursor'],
    ['empty', ''],
    ['a score past 2^53', base64url('99999999999999999:po_x')],
    ['overlong', 'A'.repeat(5000)],
  ])('R56: GET /v1/port-orders?cursor=<%s> is 400 invalid_cursor', async (_name, cursor) => {
    expectError(await api.call('GET', `/v1/port-orders?cursor=${encodeURIComponent(cursor)}`, { as: 'viewer' }), 400, 'invalid_cursor');
  });

  it('R56: a cursor the server handed out still pages (the newest one answers an empty page)', async () => {
    const answer = await api.call('GET', `/v1/events?after=${handedOut}`, { as: 'viewer' });
    expect([answer.status, answer.body.items, answer.body.nextCursor]).toEqual([200, [], null]);
  });
});
