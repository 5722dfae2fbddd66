import { SettableClock } from '../../src/clock/clock';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { freshNumber, tollFreeOrderInput, usOrderInput } from '../support/orderInputs';

/** R62: search on GET /v1/port-orders, each filter from an index kept in the order's commit. */

let api: ApiHarness;
let clock: SettableClock;

beforeAll(async () => {
  clock = new SettableClock('2026-12-01T16:00:00Z');
  api = await startApiHarness({ clock });
});

afterAll(async () => {
  await api?.close();
});

async function create(input: Record<string, unknown>): Promise<string> {
  const created = await api.call('POST', '/v1/port-orders', { body: input });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function send(id: string, event: Record<string, unknown>): Promise<void> {
  const answer = await api.call('POST', `/v1/port-orders/${id}/events`, { body: event });
  expect({ event: event.type, status: answer.status }).toEqual({ event: event.type, status: 200 });
}

const ids = async (query: string) => {
  const answer = await api.call('GET', `/v1/port-orders?${query}`, { as: 'viewer' });
  expect(answer.status).toBe(200);
  return answer.body.items.map((order: { id: string }) => order.id);
};

describe('R62 search', () => {
  it('R62: number finds the orders holding it, final ones too, newest first; a number taken out by UPDATE no longer does', async () => {
    const number = freshNumber();
    const first = await create(usOrderInput({ numbers: [number] }));
    await send(first, { type: 'CANCEL', reason: 'wrong account' });
    const second = await create(usOrderInput({ numbers: [number, freshNumber()] }));
    expect(await ids(`number=${encodeURIComponent(number)}`)).toEqual([second, first]);

    await send(second, { type: 'UPDATE', numbers: [freshNumber()] });
    expect(await ids(`number=${encodeURIComponent(number)}`)).toEqual([first]);
  });

  it('R62: customerReference is exact; q is a case-insensitive prefix of the company name or the losing carrier', async () => {
    const tag = `R62-${Date.now()}`;
    const dental = await create(usOrderInput({ customerReference: `${tag}-A`, account: { ...usOrderInput().account, companyName: `Zebra ${tag} Dental` } }));
    const carrier = await create(usOrderInput({ customerReference: `${tag}-AB`, losingCarrier: `Zebra ${tag} Telco` }));
    expect(await ids(`customerReference=${tag}-A`)).toEqual([dental]);
    expect((await ids(`q=${encodeURIComponent(`zEbRa ${tag}`)}`)).sort()).toEqual([dental, carrier].sort());
    expect(await ids(`q=${encodeURIComponent(`zebra ${tag} d`)}`)).toEqual([dental]);
    expect(await ids(`q=${encodeURIComponent(`ebra ${tag}`)}`)).toEqual([]);
  });

  it('R62: search pages with its own cursor; a cursor it did not hand out is 400, and so are two filters at once', async () => {
    const number = freshNumber();
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await create(usOrderInput({ numbers: [number] }));
      await send(id, { type: 'CANCEL', reason: 'paging' });
      orders.unshift(id);
    }
    const first = await api.call('GET', `/v1/port-orders?number=${encodeURIComponent(number)}&limit=2`);
    const second = await api.call('GET', `/v1/port-orders?number=${encodeURIComponent(number)}&limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((order: { id: string }) => order.id)).toEqual(orders);
    expect(second.body.nextCursor).toBeNull();
    expectError(await api.call('GET', `/v1/port-orders?number=${encodeURIComponent(number)}&cursor=bm90LWEtY3Vyc29y`), 400, 'invalid_cursor');
    expectError(await api.call('GET', `/v1/port-orders?number=${encodeURIComponent(number)}&q=acme`), 400, 'validation_failed');
    expectError(await api.call('GET', '/v1/port-orders?number=3035551234'), 400, 'validation_failed');
  });

  it('R62: needsAttention lists rejected orders, FOC overdue and toll-free windows ending within 7 days, as of now', async () => {
    const rejected = await create(usOrderInput());
    await send(rejected, { type: 'SUBMIT' });
    await send(rejected, { type: 'REJECT', reason: 'BTN mismatch', reasonCode: 'BTN_MISMATCH' });
    const draft = await create(usOrderInput());
    const foc = await create(usOrderInput());
    await send(foc, { type: 'SUBMIT' });
    await send(foc, { type: 'CONFIRM_FOC', focDate: '2026-12-15' });
    const tollFree = await create(tollFreeOrderInput());
    await send(tollFree, { type: 'SUBMIT' });
    await send(tollFree, { type: 'RELEASE' });

    const now = await ids('needsAttention=true&limit=200');
    expect(now).toContain(rejected);
    expect(now).not.toContain(draft);
    expect(now).not.toContain(foc);
    expect(now).not.toContain(tollFree);

    clock.set('2026-12-16T18:00:00Z'); // the FOC date has passed unscheduled
    expect(await ids('needsAttention=true&limit=200')).toEqual(expect.arrayContaining([rejected, foc]));
    expect(await ids('needsAttention=true&limit=200')).not.toContain(tollFree);
    clock.set('2026-12-25T18:00:00Z'); // the window (released 2026-12-01) ends within 7 days
    expect(await ids('needsAttention=true&limit=200')).toContain(tollFree);
    expect(await ids('needsAttention=true&state=rejected&limit=200')).toEqual([rejected]);
  });
});
