import { SettableClock } from '../../src/clock/clock';
import { expectErrorShape } from '../api/support/apiServer';
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

/** A project request (SPEC §1.4): the fields the accounts share once, then one block per account. */
function projectInput(accounts: number): Record<string, any> {
  const { account: _account, numbers: _numbers, ...shared } = usOrderInput();
  const blocks = Array.from({ length: accounts }, () => {
    const { account, numbers } = usOrderInput();
    return { account, numbers };
  });
  return { ...shared, accounts: blocks };
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
    projectId = (await api.call('POST', '/v1/port-projects', { body: projectInput(1) })).body.id;
  });

  const newSubscription = async (): Promise<string> =>
    (await api.call('POST', '/v1/webhooks', { body: { url: 'https://hooks.example.com/portflow' } })).body.id;

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
    { name: 'POST /v1/port-projects', access: 'write', success: 201, request: async () => ({ method: 'POST', path: '/v1/port-projects', body: projectInput(1) }) },
    { name: 'GET /v1/port-projects/:id', access: 'read', success: 200, request: async () => ({ method: 'GET', path: `/v1/port-projects/${projectId}` }) },
    { name: 'GET /v1/porting-calendar/slots', access: 'read', success: 200, request: async () => ({ method: 'GET', path: '/v1/porting-calendar/slots?from=2026-12-16&days=1' }) },
    { name: 'POST /v1/porting-calendar/check', access: 'read', success: 200, request: async () => ({ method: 'POST', path: '/v1/porting-calendar/check', body: { startAt: STANDARD_START } }) },
    { name: 'GET /v1/events', access: 'read', success: 200, request: async () => ({ method: 'GET', path: '/v1/events?limit=5' }) },
    { name: 'POST /v1/webhooks', access: 'admin', success: 201, request: async () => ({ method: 'POST', path: '/v1/webhooks', body: { url: 'https://hooks.example.com/a' } }) },
    { name: 'GET /v1/webhooks', access: 'admin', success: 200, request: async () => ({ method: 'GET', path: '/v1/webhooks' }) },
    { name: 'GET /v1/webhooks/:id', access: 'admin', success: 200, request: async () => ({ method: 'GET', path: `/v1/webhooks/${await newSubscription()}` }) },
    { name: 'DELETE /v1/webhooks/:id', access: 'admin', success: 204, request: async () => ({ method: 'DELETE', path: `/v1/webhooks/${await newSubscription()}` }) },
    { name: 'GET /health', access: 'open', success: 200, request: async () => ({ method: 'GET', path: '/health' }) },
    { name: 'GET /metrics', access: 'read', success: 200, request: async () => ({ method: 'GET', path: '/metrics' }) },
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

describe('SPEC §5.2: the sandbox clock routes', () => {
  it.each(CALLERS)('§5.2: without SANDBOX=1, GET and POST /v1/sandbox/clock are 404 not_found as %s', async (caller) => {
    expectError(await api.call('GET', '/v1/sandbox/clock', { as: caller }), 404, 'not_found');
    expectError(await api.call('POST', '/v1/sandbox/clock', { as: caller, body: { now: '2027-01-01T00:00:00Z' } }), 404, 'not_found');
  });

  describe('with SANDBOX=1', () => {
    let sandbox: ApiHarness;
    beforeAll(async () => {
      sandbox = await startApiHarness({ env: { SANDBOX: '1' } });
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    // POST moves the clock (admin); GET only reads it (a read, like every other GET).
    const expected: Record<Caller, [get: number, post: number]> = {
      viewer: [200, 403],
      integration: [200, 403],
      ops: [200, 200],
      none: [401, 401],
      unknown: [401, 401],
    };

    it.each(CALLERS)('§5.2: as %s, GET and POST /v1/sandbox/clock answer the role table', async (caller) => {
      const now = (await sandbox.call('GET', '/v1/sandbox/clock')).body.now as string;
      const later = new Date(Date.parse(now) + 60_000).toISOString();
      const read = await sandbox.call('GET', '/v1/sandbox/clock', { as: caller });
      const move = await sandbox.call('POST', '/v1/sandbox/clock', { as: caller, body: { now: later } });
      expect([read.status, move.status]).toEqual(expected[caller]);
      for (const answer of [read, move]) if (answer.status >= 400) expectErrorShape(answer.body);
      if (move.status === 200) expect(Date.parse(move.body.now)).toBe(Date.parse(later));
      if (read.status === 200) expect(read.body).toEqual({ now: expect.any(String) });
    });

    it('§5.2: the clock never moves back: 400 validation_failed naming `now`', async () => {
      expect(issuePaths(await sandbox.call('POST', '/v1/sandbox/clock', { body: { now: '2000-01-01T00:00:00Z' } }))).toEqual(['now']);
    });
  });
});

describe('SPEC §5: every error code through HTTP', () => {
  it('§1.3: 400 validation_failed names the field path of the body, query, params and headers', async () => {
    expect(issuePaths(await api.call('POST', '/v1/port-orders', { body: usOrderInput({ numbers: ['+1303'] }) }))).toEqual(['numbers[0]']);
    const { id } = await createOrder();
    expect(issuePaths(await send(id, { type: 'SCHEDULE' }))).toEqual(['startAt']);
    expect(issuePaths(await api.call('GET', '/v1/port-orders?limit=0'))).toEqual(['query.limit']);
    expect(issuePaths(await api.call('GET', `/v1/port-orders/${'x'.repeat(65)}`))).toEqual(['params.id']);
    expect(issuePaths(await send(id, { type: 'SUBMIT' }, { 'if-match': 'W/"1"' }))).toEqual(['headers.if-match']);
    expect(await versionOf(id)).toBe(1);
  });

  it('§5: the HTTP layer\'s own refusals keep the shape: invalid_json, unsupported_media_type, uri_too_long', async () => {
    expectError(await api.call('POST', '/v1/port-orders', { body: '{"kind":"us",' }), 400, 'invalid_json');
    expectError(await api.call('POST', '/v1/port-orders', { body: 'kind=us', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    expectError(await api.call('GET', `/v1/port-orders/${'x'.repeat(101)}`), 414, 'uri_too_long');
  });

  it('§5: 401 unauthorized for a missing or unknown token, 403 forbidden naming role and required access', async () => {
    expectError(await api.call('GET', '/v1/port-orders', { as: 'none' }), 401, 'unauthorized');
    expectError(await api.call('GET', '/v1/port-orders', { as: 'unknown' }), 401, 'unauthorized');
    const forbidden = expectError(await api.call('POST', '/v1/port-orders', { as: 'viewer', body: usOrderInput() }), 403, 'forbidden');
    expect(forbidden).toEqual({ role: 'viewer', requires: 'write' });
  });

  it('§5: 404 not_found for an unknown order (read, history, events), project and route', async () => {
    const missing = 'po_01J00000000000000000000000';
    for (const answer of [
      await api.call('GET', `/v1/port-orders/${missing}`),
      await api.call('GET', `/v1/port-orders/${missing}/history`),
      await send(missing, { type: 'SUBMIT' }),
    ]) {
      expect(expectError(answer, 404, 'not_found')).toEqual({ resource: 'order', id: missing });
    }
    expect(expectError(await api.call('GET', '/v1/port-projects/pp_missing'), 404, 'not_found')).toEqual({ resource: 'project', id: 'pp_missing' });
    expectError(await api.call('GET', '/v1/no-such-route'), 404, 'not_found');
    expectError(await api.call('GET', '/v1/no-such-route', { as: 'none' }), 404, 'not_found');
  });

  it('§3.1: 409 invalid_transition names the state and the accepted events; nothing changes', async () => {
    const order = await createOrder();
    const details = expectError(await send(order.id, { type: 'CONFIRM_FOC', focDate: FOC }), 409, 'invalid_transition');
    expect(details).toEqual({ orderId: order.id, state: 'draft', event: 'CONFIRM_FOC', allowedEvents: order.allowedEvents });
    expect(details.allowedEvents).toEqual(expect.arrayContaining(['UPDATE', 'SUBMIT', 'CANCEL']));
    expect(await versionOf(order.id)).toBe(1);
  });

  it('R11: 409 number_in_active_order names the order that holds the number', async () => {
    const first = await createOrder();
    const taken = first.numbers[1].number as string;
    const details = expectError(await api.call('POST', '/v1/port-orders', { body: usOrderInput({ numbers: [taken] }) }), 409, 'number_in_active_order');
    expect(details).toEqual({ number: taken, orderId: first.id });
  });

  it('R39: 409 version_conflict when If-Match names an older version; the ETag is the version to send', async () => {
    const created = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id as string;
    const updated = await send(id, { type: 'UPDATE', customerReference: 'PO-9' }, { 'if-match': '"1"' });
    expect([updated.status, updated.headers.get('etag')]).toEqual([200, '"2"']);
    const details = expectError(await send(id, { type: 'SUBMIT' }, { 'if-match': '1' }), 409, 'version_conflict');
    expect(details).toEqual({ orderId: id, expectedVersion: 1, currentVersion: 2 });
    expect(await versionOf(id)).toBe(2);
  });

  it('R25: SUBMIT without the US checklist is 422 rule_violation listing what is missing', async () => {
    const { id } = await createOrder(usOrderInput({ documents: { loaSigned: true } }));
    const details = expectError(await send(id, { type: 'SUBMIT' }), 422, 'rule_violation');
    expect(details).toMatchObject({ code: 'submission_incomplete', rule: 'R25', missing: ['documents.csrRequested', 'documents.billCopyOnFile'] });
    expect(await versionOf(id)).toBe(1);
  });

  it('R26: RESUBMIT without an UPDATE since the rejection is 422 rule_violation', async () => {
    const { id } = await createOrder();
    await accepted(id, { type: 'SUBMIT' });
    await accepted(id, { type: 'REJECT', reason: 'Address mismatch' });
    expect(expectError(await send(id, { type: 'RESUBMIT' }), 422, 'rule_violation')).toMatchObject({ code: 'unchanged_since_rejection', rule: 'R26' });
    await accepted(id, { type: 'UPDATE', customerReference: 'PO-fixed' });
    expect((await accepted(id, { type: 'RESUBMIT' })).state).toBe('submitted');
  });

  describe('R32: a SCHEDULE the calendar refuses is 422 rule_violation with the calendar code', () => {
    let focConfirmed: string;
    beforeAll(async () => {
      focConfirmed = await focConfirmedOrder();
    });

    it.each([
      ['in_past', { startAt: '2026-11-30T16:00:00Z' }],
      ['before_foc', { startAt: '2026-12-10T16:00:00Z' }],
      ['monday_blocked', { startAt: '2026-12-21T16:00:00Z' }],
      ['outside_porting_hours', { startAt: '2026-12-16T03:00:00Z' }],
      ['friday_late_not_recommended', { startAt: '2026-12-18T23:00:00Z', offHours: true }],
      ['off_grid', { startAt: '2026-12-16T16:05:00Z' }],
    ])('R32: %s', async (code, schedule) => {
      const before = await versionOf(focConfirmed);
      expect(expectError(await send(focConfirmed, { type: 'SCHEDULE', ...schedule }), 422, 'rule_violation')).toMatchObject({ code, rule: 'R32' });
      expect(await versionOf(focConfirmed)).toBe(before);
    });

    it('R32: insufficient_notice (off-hours less than 48 h ahead, after a same-day FOC)', async () => {
      const id = await focConfirmedOrder('2026-12-01');
      const details = expectError(await send(id, { type: 'SCHEDULE', startAt: '2026-12-02T03:00:00Z', offHours: true }), 422, 'rule_violation');
      expect(details).toMatchObject({ code: 'insufficient_notice', rule: 'R32' });
    });

    it('R32/R31: after_window (a toll-free port after the 30-day window)', async () => {
      const { id } = await createOrder(tollFreeOrderInput());
      await accepted(id, { type: 'SUBMIT' });
      const released = await accepted(id, { type: 'RELEASE' });
      expect(released.window).toMatchObject({ releasedAt: '2026-12-01T16:00:00.000Z' });
      const details = expectError(await send(id, { type: 'SCHEDULE', startAt: '2027-01-06T16:00:00Z' }), 422, 'rule_violation');
      expect(details).toMatchObject({ code: 'after_window', rule: 'R32' });
    });
  });

  it('R19: the slot after `SLOT_CAPACITY` coordinated ports is 422 slot_full; check and slots agree', async () => {
    const slot = '2026-12-17T16:30:00Z';
    const capacity = api.harness.config.SLOT_CAPACITY;
    for (let i = 0; i < capacity; i++) {
      const id = await focConfirmedOrder();
      await accepted(id, { type: 'SCHEDULE', startAt: slot });
      const slots = await api.call('GET', '/v1/porting-calendar/slots?from=2026-12-17&days=1', { as: 'viewer' });
      const remaining = slots.body.slots.find((open: { startAt: string }) => Date.parse(open.startAt) === Date.parse(slot))?.remaining ?? 0;
      expect(remaining).toBe(capacity - i - 1);
    }
    const late = await focConfirmedOrder();
    const details = expectError(await send(late, { type: 'SCHEDULE', startAt: slot }), 422, 'rule_violation');
    expect(details).toMatchObject({ code: 'slot_full', rule: 'R19' });
    expect(await versionOf(late)).toBe(3);
    const check = await api.call('POST', '/v1/porting-calendar/check', { as: 'viewer', body: { startAt: slot } });
    expect(check.body).toMatchObject({ allowed: false, code: 'slot_full' });
  });
});

describe('SPEC §5: lists and catch-up paging', () => {
  const kinds: string[] = [];
  const created: string[] = [];
  let submittedTollFree: string;

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      // A minute apart, so newest first is a strict order.
      clock.advance({ minutes: 1 });
      const input = i % 2 === 0 ? usOrderInput() : tollFreeOrderInput();
      created.push((await createOrder(input)).id);
      kinds.push(input.kind);
    }
    submittedTollFree = created[3];
    await accepted(submittedTollFree, { type: 'SUBMIT' });
  });

  it('§5: GET /v1/port-orders pages newest first through `limit` and `cursor`, each order once', async () => {
    const walked = await walkPages((cursor) => `/v1/port-orders?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const ids = walked.map((order) => order.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, created.length)).toEqual([...created].reverse());
    const createdAt = walked.map((order) => Date.parse(order.createdAt));
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));
    const onePage = await api.call('GET', '/v1/port-orders?limit=200', { as: 'viewer' });
    expect(onePage.body.items.map((order: { id: string }) => order.id)).toEqual(ids.slice(0, 200));
  });

  it('§5: `state` and `kind` filter the list, alone and together', async () => {
    const byState = await walkPages((cursor) => `/v1/port-orders?state=submitted&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(byState.every((order) => order.state === 'submitted')).toBe(true);
    expect(byState.map((order) => order.id)).toContain(submittedTollFree);

    const byKind = await walkPages((cursor) => `/v1/port-orders?kind=tollFree&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(byKind.every((order) => order.kind === 'tollFree')).toBe(true);
    expect(byKind.map((order) => order.id)).toEqual(expect.arrayContaining(created.filter((_, i) => kinds[i] === 'tollFree')));
    expect(byKind.map((order) => order.id)).not.toContain(created[0]);

    const both = (await api.call('GET', '/v1/port-orders?state=draft&kind=tollFree&limit=200')).body.items;
    expect(both.map((order: { id: string }) => order.id)).toContain(created[1]);
    expect(both.map((order: { id: string }) => order.id)).not.toContain(submittedTollFree);
    expect(both.every((order: { state: string; kind: string }) => order.state === 'draft' && order.kind === 'tollFree')).toBe(true);
  });

  it('§5: list parameters outside the contract are 400 naming the parameter', async () => {
    expect(issuePaths(await api.call('GET', '/v1/port-orders?state=shipped'))).toEqual(['query.state']);
    expect(issuePaths(await api.call('GET', '/v1/port-orders?kind=mobile'))).toEqual(['query.kind']);
    expect(issuePaths(await api.call('GET', '/v1/port-orders?limit=201'))).toEqual(['query.limit']);
  });

  it('§5: GET /v1/events pages every state change oldest first, and `after` catches up from the last cursor', async () => {
    const pageUrl = (limit: number) => (cursor: string | null) => `/v1/events?limit=${limit}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`;
    const walked = await walkPages(pageUrl(3));
    expect(walked.map((entry) => entry.cursor)).toEqual((await walkPages(pageUrl(200))).map((entry) => entry.cursor));
    const mine = walked.filter((entry) => entry.orderId === submittedTollFree);
    expect(mine.map(({ seq, event, from, to }) => ({ seq, event, from, to }))).toEqual([
      { seq: 1, event: 'CREATE', from: null, to: 'draft' },
      { seq: 2, event: 'SUBMIT', from: 'draft', to: 'submitted' },
    ]);

    const last = walked[walked.length - 1].cursor as string;
    expect((await api.call('GET', `/v1/events?after=${last}`)).body).toEqual({ items: [], nextCursor: null });
    await accepted(submittedTollFree, { type: 'RELEASE' });
    const caughtUp = await api.call('GET', `/v1/events?after=${last}`, { as: 'viewer' });
    expect(caughtUp.body).toEqual({
      items: [
        {
          cursor: expect.any(String),
          orderId: submittedTollFree,
          seq: 3,
          type: 'port_order.state_changed',
          event: 'RELEASE',
          from: 'submitted',
          to: 'released',
          at: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it('§5: a cursor the service did not hand out is 400 on that parameter, not a 5xx', async () => {
    const list = await api.call('GET', '/v1/port-orders?cursor=not-a-cursor');
    expect([list.status, list.body.error.code, list.body.error.details.issues[0].path]).toEqual([400, 'invalid_cursor', 'query.cursor']);
    const feed = await api.call('GET', '/v1/events?after=not-a-cursor');
    expect([feed.status, feed.body.error.details.issues[0].path]).toEqual([400, 'query.after']);
  });
});

describe('SPEC §5: the porting calendar routes', () => {
  it('§5: slots of one standard day run 07:00–15:15 Denver every 15 minutes, with their remaining capacity', async () => {
    const answer = await api.call('GET', '/v1/porting-calendar/slots?from=2026-12-16&days=1', { as: 'viewer' });
    const slots = answer.body.slots as { startAt: string; local: string; remaining: number }[];
    expect(slots).toHaveLength(34);
    expect(slots[0]).toEqual({ startAt: '2026-12-16T14:00:00.000Z', local: '2026-12-16T07:00:00-07:00', remaining: api.harness.config.SLOT_CAPACITY });
    expect(slots[slots.length - 1].local).toMatch(/^2026-12-16T15:15/);
  });

  it('§5: `days` is at most 62 (400 above, naming query.days); `from` is required', async () => {
    expect((await api.call('GET', '/v1/porting-calendar/slots?from=2026-12-16&days=62')).status).toBe(200);
    expect(issuePaths(await api.call('GET', '/v1/porting-calendar/slots?from=2026-12-16&days=63'))).toEqual(['query.days']);
    expect(issuePaths(await api.call('GET', '/v1/porting-calendar/slots?days=3'))).toEqual(['query.from']);
  });

  it('§2.3: check answers with the shape of the spec (its own Monday example)', async () => {
    const monday = await api.call('POST', '/v1/porting-calendar/check', { as: 'viewer', body: { startAt: '2026-12-07T17:00:00Z' } });
    expect(monday.body).toEqual({
      allowed: false,
      code: 'monday_blocked',
      reason: expect.any(String),
      standardHours: false,
      offHoursFee: false,
      warnings: [],
      local: '2026-12-07T10:00:00-07:00',
    });
    const standard = await api.call('POST', '/v1/porting-calendar/check', { as: 'viewer', body: { startAt: STANDARD_START } });
    expect(standard.body).toMatchObject({ allowed: true, code: 'ok', standardHours: true, offHoursFee: false, warnings: [] });
  });

  it('§2.3: a check with unknown fields or without startAt is 400 naming the field', async () => {
    expect(issuePaths(await api.call('POST', '/v1/porting-calendar/check', { body: { startAt: STANDARD_START, reserve: true } }))).toEqual(['reserve']);
    expect(issuePaths(await api.call('POST', '/v1/porting-calendar/check', { body: {} }))).toEqual(['startAt']);
  });
});

describe('SPEC §1.4: projects', () => {
  it('§1.4: POST /v1/port-projects creates one order per account; GET shows them side by side', async () => {
    const input = projectInput(2);
    const blocks = input.accounts as { numbers: string[] }[];
    const created = await api.call('POST', '/v1/port-projects', { as: 'integration', body: input });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/port-projects/${created.body.id}`);

    const project = await api.call('GET', `/v1/port-projects/${created.body.id}`, { as: 'viewer' });
    expect(project.status).toBe(200);
    expect(project.body.orders.map((order: { id: string }) => order.id)).toEqual(created.body.orders.map((order: { id: string }) => order.id));
    for (const [i, order] of project.body.orders.entries()) {
      expect(order).toMatchObject({ projectId: created.body.id, state: 'draft', numbers: blocks[i].numbers.map((number: string) => ({ number, status: 'pending' })) });
    }
  });

  it('§1.4: a project with an invalid account is 400 naming accounts[i] and creates nothing', async () => {
    const input = projectInput(2);
    input.accounts[1].numbers = [];
    expect(issuePaths(await api.call('POST', '/v1/port-projects', { body: input }))).toEqual(['accounts[1].numbers']);
    // The valid account's numbers were not claimed.
    expect((await api.call('POST', '/v1/port-orders', { body: usOrderInput({ numbers: input.accounts[0].numbers }) })).status).toBe(201);
  });
});
