import { SettableClock } from '../../src/clock/clock';
import { storeKeys } from '../../src/store/keys';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput, wirelessOrderInput } from '../support/orderInputs';

/**
 * R55 over HTTP: an order's history is read a page at a time, and its entries stay small — an
 * UPDATE's entry holds what changed, a CREATE's a summary — so a 5,000-number order does not grow
 * its history by the whole order on every change.
 */

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

const update = async (id: string, changes: Record<string, unknown>): Promise<void> => {
  expect((await api.call('POST', `/v1/port-orders/${id}/events`, { body: { type: 'UPDATE', ...changes } })).status).toBe(200);
};

const historyPage = (id: string, query: string) => api.call('GET', `/v1/port-orders/${id}/history${query}`, { as: 'viewer' });

/** 5,000 distinct numbers of one exchange (R2-valid), the first `replaced` of them swapped for others. */
function bigNumberList(replaced = 0): string[] {
  return Array.from({ length: 5000 }, (_, i) => (i < replaced ? `+1720235${String(i).padStart(4, '0')}` : `+1720234${String(i).padStart(4, '0')}`));
}

async function historyBytes(id: string): Promise<number> {
  const entries = await api.harness.services.redis.lrange(storeKeys(api.harness.config.KEY_PREFIX).history(id), 0, -1);
  return entries.reduce((sum, entry) => sum + Buffer.byteLength(entry), 0);
}

describe('R55: history is paged', () => {
  it('R55: ?limit= pages the history oldest first; nextCursor passed as after= continues; the last page has none', async () => {
    const id = await api.createOrder();
    for (let i = 1; i <= 5; i++) await update(id, { customerReference: `PO-${i}` });
    const seqs: number[][] = [];
    let after: string | null = null;
    do {
      const page = await historyPage(id, `?limit=2${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      seqs.push(page.body.items.map((entry: { seq: number }) => entry.seq));
      after = page.body.nextCursor;
    } while (after !== null);
    expect(seqs).toEqual([[1, 2], [3, 4], [5, 6]]);
    // Without a limit: the default page (50) holds all six, and says there is no more.
    const whole = await historyPage(id, '');
    expect([whole.body.items.length, whole.body.nextCursor]).toEqual([6, null]);
    // A cursor at the end is a valid, empty page: a client polling for new entries.
    expect((await historyPage(id, '?after=6')).body).toEqual({ items: [], nextCursor: null });
  });

  it.each([['abc'], ['0'], ['-1'], ['7'], ['1.5'], ['99999999999999999999']])(
    'R55, R56: after=%s is 400 invalid_cursor, never a 5xx',
    async (cursor) => {
      const id = await api.createOrder();
      for (let i = 1; i <= 5; i++) await update(id, { customerReference: `PO-${i}` });
      const answer = await historyPage(id, `?after=${cursor}`);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('invalid_cursor');
    },
  );

  it('R55: the history of an order that does not exist is 404, with or without a cursor', async () => {
    expectError(await historyPage('po_01JNOSUCHORDER0000000000000', ''), 404, 'not_found');
  });
});

describe('R55: history entries are small', () => {
  it('R55: an UPDATE entry holds what changed (from → to, numbers added/removed, a new PIN only as redacted)', async () => {
    const id = await api.createOrder(wirelessOrderInput('13572468'));
    const before = (await api.call('GET', `/v1/port-orders/${id}`)).body;
    const [kept, dropped] = before.numbers.map((n: { number: string }) => n.number);
    await update(id, { customerReference: 'PO-NEW', numbers: [kept, '+17202349999'], account: { pin: '24681357' } });
    const [, entry] = (await historyPage(id, '')).body.items;
    expect(entry.payload).toEqual({
      changed: {
        customerReference: { from: 'PO-1182', to: 'PO-NEW' },
        numbers: { added: ['+17202349999'], removed: [dropped] },
        'account.pin': '[redacted]',
      },
    });
    // An UPDATE that changes nothing records nothing.
    await update(id, { customerReference: 'PO-NEW' });
    expect((await historyPage(id, '?after=2')).body.items[0].payload).toEqual({ changed: {} });
  });

  it('R55: a 5,000-number order: the CREATE entry is ≤ 300 B and 11 UPDATEs that each resend the list grow history by little', async () => {
    const id = await api.createOrder(usOrderInput({ numbers: bigNumberList() }));
    const created = await historyBytes(id);
    for (let i = 1; i <= 11; i++) await update(id, { numbers: bigNumberList(i), customerReference: `PO-${i}` });
    const total = await historyBytes(id);
    // The figures docs/reliability.md quotes.
    process.stdout.write(`R55 history of a 5,000-number order: CREATE ${created} B, after 11 UPDATEs ${total} B\n`);
    expect(created).toBeLessThanOrEqual(300);
    expect(total).toBeLessThan(8 * 1024);
  }, 60_000);
});
