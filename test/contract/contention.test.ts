import { SettableClock } from '../../src/clock/clock';
import { BusyError } from '../../src/errors/BusyError';
import { toHttpError } from '../../src/api/errors';
import { startApiHarness, type ApiAnswer, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';

/**
 * R59 over HTTP: many writers on one order, without If-Match. Contention is the service's problem:
 * a lost compare-and-set is recomputed; only when the retries run out does the caller hear of it,
 * as 503 `busy` with Retry-After — never as a 409 it did not ask for.
 */

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

const WRITERS = 30;
const REQUESTS = 1000;

describe('R59: contention without If-Match', () => {
  it('R59: 30 writers sending 1,000 UPDATEs to one order get no 409; every answer is 200 or 503 busy with Retry-After', async () => {
    const created = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
    const id = created.body.id as string;
    let next = 0;
    const answers: ApiAnswer[] = [];
    const writer = async (): Promise<void> => {
      while (next < REQUESTS) {
        const i = next++;
        answers.push(
          await api.call('POST', `/v1/port-orders/${id}/events`, { as: 'integration', body: { type: 'UPDATE', customerReference: `PO-${i}` } }),
        );
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));

    const byStatus = new Map<number, number>();
    for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    // The figure docs/reliability.md quotes.
    process.stdout.write(`R59 contention: ${JSON.stringify(Object.fromEntries(byStatus))}\n`);
    expect(byStatus.get(409) ?? 0).toBe(0);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect([answer.status, answer.body.error.code]).toEqual([503, 'busy']);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const accepted = answers.filter((a) => a.status === 200).length;
    const final = (await api.call('GET', `/v1/port-orders/${id}`)).body;
    expect(final.version).toBe(1 + accepted);
  }, 120_000);

  it('R59: retries that run out are 503 busy with Retry-After, not 409 version_conflict', () => {
    const answer = toHttpError(new BusyError('po_1'));
    expect([answer.status, answer.body.error.code]).toEqual([503, 'busy']);
  });
});
