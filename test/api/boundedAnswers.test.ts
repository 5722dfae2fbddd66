import { SettableClock } from '../../src/clock/clock';
import { PortflowError } from '../../src/errors/PortflowError';
import { ValidationError } from '../../src/errors/ValidationError';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';
import { FakeEngine } from './support/fakeEngine';
import { bearer, startApi, testRedis, tokens } from './support/apiServer';

/** R50: answers are bounded — at most 100 issues, no error answer over 64 KB, no list page over 2 MB. */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
});
afterAll(async () => {
  await api?.close();
});

function projectOf(accounts: number, numbersPerAccount: (account: number) => string[]): Record<string, unknown> {
  const { account: _account, numbers: _numbers, ...shared } = usOrderInput();
  return { ...shared, accounts: Array.from({ length: accounts }, (_, i) => ({ account: usOrderInput().account, numbers: numbersPerAccount(i) })) };
}

/** 5,000 distinct valid numbers of exchange 2xx (never N11), one exchange per order. */
const bigOrderNumbers = (order: number) => Array.from({ length: 5000 }, (_, i) => `+1720${220 + order}${String(i).padStart(4, '0')}`);

describe('R50: validation errors', () => {
  // Its time is measured, not asserted (a loaded machine makes a wall-clock bound flaky): hostileClients.drill.ts prints it.
  it('R50: 220,000 invalid numbers answer 100 issues with details.truncated, in a bounded body', async () => {
    const body = JSON.stringify(projectOf(100, () => Array.from({ length: 2200 }, () => '1')));
    const answer = await api.call('POST', '/v1/port-projects', { body });
    const details = expectError(answer, 400, 'validation_failed');
    expect([details.issues.length, details.truncated]).toEqual([100, true]);
    expect(details.issues[0]).toMatchObject({ path: 'accounts[0].numbers[0]' });
    expect(Buffer.byteLength(JSON.stringify(answer.body))).toBeLessThanOrEqual(64 * 1024);
  });

  it('R50: exactly 100 issues are all listed, without truncated; 101 are cut to 100', () => {
    const issues = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `numbers[${i}]`, code: 'invalid_e164', message: 'x' }));
    expect(new ValidationError(issues(100)).details).toEqual({ issues: issues(100) });
    expect(new ValidationError(issues(101)).details).toEqual({ issues: issues(100), truncated: true });
  });
});

describe('R50: no error answer over 64 KB', () => {
  class HugeDetailsError extends PortflowError {
    readonly code = 'rule_violation';
    readonly httpStatus = 422;
  }

  it('R50: an error whose details would make a 1 MB answer keeps its code and drops the details', async () => {
    const engine = new FakeEngine();
    engine.failure = new HugeDetailsError('too much', { blob: 'x'.repeat(1024 * 1024) });
    const server = await startApi({ engine, redis: testRedis() });
    try {
      const response = await fetch(`${server.url}/v1/port-orders/${FakeEngine.orderId}`, { headers: bearer(tokens.viewer) });
      const text = await response.text();
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024);
      expect([response.status, JSON.parse(text)]).toEqual([422, { error: { code: 'rule_violation', message: 'too much', details: { truncated: true } } }]);
    } finally {
      await server.close();
    }
  });
});

describe('R50: list pages', () => {
  it('R50: a page of 5,000-number orders stops before 2 MB and its cursor continues with the rest', async () => {
    const created = await api.call('POST', '/v1/port-projects', { body: projectOf(10, bigOrderNumbers) });
    expect([created.status, created.body?.error ?? null]).toEqual([201, null]);
    const ids = new Set<string>(created.body.orders.map((o: { id: string }) => o.id));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.call('GET', `/v1/port-orders?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: 'viewer' });
      expect(page.status).toBe(200);
      expect(Buffer.byteLength(JSON.stringify(page.body))).toBeLessThanOrEqual(2 * 1024 * 1024);
      seen.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toHaveLength(ids.size);
  }, 60_000);
});
