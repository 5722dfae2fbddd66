import { SettableClock } from '../../src/clock/clock';
import { CALLERS, expectError, issuePaths, startApiHarness, type ApiAnswer, type ApiHarness, type Caller } from '../support/apiHarness';
import { tollFreeOrderInput, usOrderInput } from '../support/orderInputs';

/**
 * SPEC §5 end to end: every route with every caller, every error code of the spec, paging, the
 * calendar routes and projects, over real HTTP against the real engine and Redis. The clock is
 * fixed at Tuesday 2026-12-01 09:00 Denver, so the calendar answers below are exact.
 */

const clock = new SettableClock('2026-12-01T16:00:00Z');
/** The FOC date the orders below confirm: a Tuesday two weeks ahead. */
const FOC = '2026-12-15';
/** Wednesday after the FOC, 09:00 Denver: a standard slot. */
const STANDARD_START = '2026-12-16T16:00:00Z';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ clock });
});
afterAll(async () => {
  await api?.close();
});

async function createOrder(input: Record<string, unknown> = usOrderInput()): Promise<Record<string, any>> {
  const created = await api.call('POST', '/v1/port-orders', { body: input });
  expect([created.status, created.body?.error ?? null]).toEqual([201, null]);
  return created.body;
}

async function send(id: string, event: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  return api.call('POST', `/v1/port-orders/${id}/events`, { body: event, headers });
}

async function accepted(id: string, event: Record<string, unknown>): Promise<Record<string, any>> {
  const answer = await send(id, event);
  expect([answer.status, answer.body?.error ?? null]).toEqual([200, null]);
  return answer.body;
}

/** A US order with its FOC confirmed for `FOC`, ready to be scheduled. */
async function focConfirmedOrder(focDate = FOC): Promise<string> {
  const { id } = await createOrder(usOrderInput({ requestedFocDate: null }));
  await accepted(id, { type: 'SUBMIT' });
  await accepted(id, { type: 'CONFIRM_FOC', focDate });
  return id;
}

async function versionOf(id: string): Promise<number> {
  return (await api.call('GET', `/v1/port-orders/${id}`)).body.version;
}

/** Follows `nextCursor` from the first page to the last; `pageUrl(cursor)` builds each request. */
async function walkPages(pageUrl: (cursor: string | null) => string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const answer = await api.call('GET', pageUrl(cursor), { as: 'viewer' });
    expect(answer.status).toBe(200);
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('paging did not end');
}

describe('SPEC §5: every route with every caller', () => {
  type Access = 'open' | 'read' | 'write' | 'admin';
  interface Route {
    name: string;
    access: Access;
    success: number;
    /** Builds the request, creating what it needs first (as ops). */
    request: () => Promise<{ method: string; path: string; body?: unknown }>;
  }

  let orderId: string;
  let projectId: string;
  beforeAll(async () => {
    orderId = (await createOrder()).id;
    projectId = (await api.call('POST', '/v1/port-projects', { body: { ...usOrderInput(), accounts: [{ account: usOrderInput().account, numbers: usOrderInput().numbers }] } })).body.id;
  });

  const newSubscription = async (): Promise<string> =>
    (await api.call('POST', '/v1/webhooks', { body: { url: 'https://hooks.example.com/portflow' } })).body.id;
  const { account: _account, numbers: _numbers, ...shared } = usOrderInput();

  const routes: Route[] = [
    { name: 'POST /v1/port-orders', access: 'write', success: 201, request: async () => ({ method: 'POST', path: '/v1/port-orders', body: usOrderInput() }) },
    { name: 'GET /v1/port-orders', access: 'read', success: 200, request: async () => ({ method: 'GET', path: '/v1/port-orders?limit=5' }) },
    { name: 'GET /v1/port-orders/:id', access: 'read', success: 200, request: async () => ({ method: 'GET', path: `/v1/port-orders/${orderId}` }) },
    {
      name: 'POST /v1/port-orders/:id/events',
      access: 'write',
      success: 200,
      request: async () => ({ method: 'POST', path: `/v1/port-orders/${orderId}/events`, body: { type: 'UPDATE', customerReference: 'PO-2' } }),
    },
    { name: 'GET /v1/port-orders/:id/history', access: 'read', success: 200, request: async () => ({ method: 'GET', path: `/v1/port-orders/${orderId}/history` }) },
    {
      name: 'POST /v1/port-projects',
      access: 'write',
      success: 201,
      request: async () => {
        const { account, numbers } = usOrderInput();
        return { method: 'POST', path: '/v1/port-projects', body: { ...shared, accounts: [{ account, numbers }] } };
      },
    },
    { name: 'GET /v1/port-projects/:id', access: 'read', success: 200, request: async () => ({ method: 'GET', path: `/v1/port-projects/${projectId}` }) },
    { name: 'GET /v1/porting-calendar/slots', access: 'read', success: 200, request: async () => ({ method: 'GET', path: '/v1/porting-calendar/slots?from=2026-12-16&days=1' }) },
    { name: 'POST /v1/porting-calendar/check', access: 'read', success: 200, request: async () => ({ method: 'POST', path: '/v1/porting-calendar/check', body: { startAt: STANDARD_START } }) },
    { name: 'GET /v1/events', access: 'read', success: 200, request: async () => ({ method: 'GET', path: '/v1/events?limit=5' }) },
    { name: 'POST /v1/webhooks', access: 'admin', success: 201, request: async () => ({ method: 'POST', path: '/v1/webhooks', body: { url: 'https://hooks.example.com/a' } }) },
    { name: 'GET /v1/webhooks', access: 'admin', success: 200, request: async () => ({ method: 'GET', path: '/v1/webhooks' }) },
    { name: 'GET /v1/webhooks/:id', access: 'admin', success: 200, request: async () => ({ method: 'GET', path: `/v1/webhooks/${await newSubscription()}` }) },
    { name: 'DELETE /v1/webhooks/:id', access: 'admin', success: 204, request: async () => ({ method: 'DELETE', path: `/v1/webhooks/${await newSubscription()}` }) },
    { name: 'GET /health', access: 'open', success: 200, request: async () => ({ method: 'GET', path: '/health' }) },
    { name: 'GET /metrics', access: 'open', success: 200, request: async () => ({ method: 'GET', path: '/metrics' }) },
  ];

  /** The role table of SPEC §5: viewer reads, integration also writes, ops does everything. */
  const grants: Record<Exclude<Caller, 'none' | 'unknown'>, readonly Access[]> = {
    viewer: ['read'],
    integration: ['read', 'write'],
    ops: ['read', 'write', 'admin'],
  };
  function expectedStatus(route: Route, caller: Caller): number {
    if (route.access === 'open') return route.success;
    if (caller === 'none' || caller === 'unknown') return 401;
    return grants[caller].includes(route.access) ? route.success : 403;
  }

  describe.each(routes)('$name', (route) => {
    it.each(CALLERS)(`SPEC §5: as %s → the role table's status, errors in the error shape`, async (caller) => {
      const { method, path, body } = await route.request();
      const answer = await api.call(method, path, { as: caller, body });
      const expected = expectedStatus(route, caller);
      if (expected < 400) {
        expect([answer.status, answer.body?.error ?? null]).toEqual([expected, null]);
        return;
      }
      expectError(answer, expected, expected === 401 ? 'unauthorized' : 'forbidden');
      if (expected === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="portflow"');
    });
  });
});
