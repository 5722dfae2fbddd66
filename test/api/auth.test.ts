import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiKeyRing, roleGrants, type Access } from '../../src/api/auth';
import type { Role } from '../../src/config/config';
import { apiActorOf } from '../support/idempotencyRecords';
import { FakeEngine } from './support/fakeEngine';
import { bearer, expectErrorShape, startApi, testRedis, tokens, type RunningApi } from './support/apiServer';

/**
 * SPEC §5 auth: every role on every route. The engine here is the in-memory fake (this file tests
 * the HTTP layer's access control, not the order logic).
 */

interface RouteCase {
  method: 'GET' | 'POST';
  path: string;
  access: Exclude<Access, 'open'>;
  body?: unknown;
}

const validOrder = {
  kind: 'us',
  numbers: ['+13034561234'],
  losingCarrier: 'Acme Telco',
  account: {
    companyName: 'Example Dental LLC',
    authorizedApprover: 'Jane Roe',
    billingTelephoneNumber: '+13034561200',
    serviceAddress: { line1: '1 Main St', city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' },
  },
  contacts: [{ name: 'Jane Roe', email: 'jane@example.com' }],
};

const routes: RouteCase[] = [
  { method: 'POST', path: '/v1/port-orders', access: 'write', body: validOrder },
  { method: 'GET', path: '/v1/port-orders', access: 'read' },
  { method: 'GET', path: `/v1/port-orders/${FakeEngine.orderId}`, access: 'read' },
  { method: 'POST', path: `/v1/port-orders/${FakeEngine.orderId}/events`, access: 'write', body: { type: 'SUBMIT' } },
  { method: 'GET', path: `/v1/port-orders/${FakeEngine.orderId}/history`, access: 'read' },
  { method: 'POST', path: '/v1/port-projects', access: 'write', body: { accounts: [] } },
  { method: 'GET', path: `/v1/port-projects/${FakeEngine.projectId}`, access: 'read' },
  { method: 'GET', path: '/v1/porting-calendar/slots?from=2026-12-14&days=3', access: 'read' },
  { method: 'POST', path: '/v1/porting-calendar/check', access: 'read', body: { startAt: '2026-12-16T16:00:00Z' } },
  { method: 'GET', path: '/v1/events', access: 'read' },
  // Added through `extraRoutes`, as webhooks and the sandbox clock will be:
  { method: 'POST', path: '/v1/test-admin', access: 'admin', body: {} },
  { method: 'POST', path: '/v1/test-undeclared', access: 'admin', body: {} },
];

function extraRoutes(app: FastifyInstance): void {
  app.post('/v1/test-admin', { config: { access: 'admin' } }, async () => ({ ok: true }));
  // Declares no access: must default to admin (ops only).
  app.post('/v1/test-undeclared', async () => ({ ok: true }));
}

const roles: Role[] = ['viewer', 'integration', 'ops'];
const allowed: Record<Role, Access[]> = { viewer: ['read'], integration: ['read', 'write'], ops: ['read', 'write', 'admin'] };

let redis: Redis;
let api: RunningApi;
let engine: FakeEngine;

beforeAll(async () => {
  redis = testRedis();
  engine = new FakeEngine();
  api = await startApi({ engine, redis, extraRoutes });
});

afterAll(async () => {
  redis.disconnect();
  await api?.close();
});

function send(route: RouteCase, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.url}${route.path}`, {
    method: route.method,
    headers: route.body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: route.body === undefined ? undefined : JSON.stringify(route.body),
  });
}

describe.each(routes)('$method $path ($access)', (route) => {
  it('SPEC §5: no Authorization header is 401 unauthorized', async () => {
    const response = await send(route);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await response.json();
    expectErrorShape(body);
    expect(body.error.code).toBe('unauthorized');
  });

  it('SPEC §5: an unknown token, or a known token outside the Bearer scheme, is 401 unauthorized', async () => {
    for (const authorization of [`Bearer ${tokens.ops}x`, `Bearer ${tokens.ops.slice(0, -1)}`, `Basic ${tokens.ops}`, tokens.ops, 'Bearer ']) {
      const response = await send(route, { authorization });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it.each(roles)('SPEC §5: the %s role gets in exactly when its role grants the route', async (role) => {
    const response = await send(route, bearer(tokens[role]));
    if (allowed[role].includes(route.access)) {
      expect(response.status).toBeLessThan(300);
    } else {
      expect(response.status).toBe(403);
      const body = await response.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('forbidden');
    }
  });
});

describe('SPEC §5: only /health and the docs are open', () => {
  it('SPEC §5: /health answers without a token', async () => {
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });

  // /docs and /openapi.json are open unless DOCS_PUBLIC=0: test/api/docs.test.ts.
  it.each(['/metrics'])('SPEC §5: %s needs a key (401 without), and a viewer key reads it', async (path) => {
    const anonymous = await fetch(`${api.url}${path}`);
    expect(anonymous.status).toBe(401);
    expectErrorShape(await anonymous.json());
    expect((await fetch(`${api.url}${path}`, { headers: bearer(tokens.viewer) })).status).toBe(200);
  });

  it('an unknown route is 404 not_found with or without a token (it reveals nothing either way)', async () => {
    for (const headers of [{}, bearer(tokens.viewer)]) {
      const response = await fetch(`${api.url}/v1/nothing-here`, { headers });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('the caller reaches the engine as an actor', () => {
  it('SPEC §5: the actor names the role of the key (history records it)', async () => {
    await fetch(`${api.url}/v1/port-orders/${FakeEngine.orderId}/events`, {
      method: 'POST',
      headers: { ...bearer(tokens.integration), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'SUBMIT' }),
    });
    // R54: and which key it was (a digest of its token), to which idempotency records belong.
    expect(engine.lastCall().actor).toEqual({ id: 'api:integration', role: 'integration', key: apiActorOf(tokens.integration).key });
  });

  it('the Bearer scheme is case-insensitive (RFC 7235)', async () => {
    const response = await fetch(`${api.url}/v1/events`, { headers: { authorization: `bearer ${tokens.viewer}` } });
    expect(response.status).toBe(200);
  });
});

describe('ApiKeyRing', () => {
  const ring = new ApiKeyRing([
    { role: 'viewer', token: tokens.viewer },
    { role: 'ops', token: tokens.ops },
  ]);

  afterEach(() => jest.restoreAllMocks());

  it('SPEC §5: finds the role of a configured token and nothing for any other', () => {
    expect(ring.roleOf(tokens.viewer)).toBe('viewer');
    expect(ring.roleOf(tokens.ops)).toBe('ops');
    expect(ring.roleOf(tokens.integration)).toBeUndefined();
    expect(ring.roleOf('')).toBeUndefined();
  });

  it('SPEC §5: compares in constant time: SHA-256 digests of equal length, every key compared, match or not', () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    for (const presented of [tokens.viewer, 'x', 'y'.repeat(5000)]) {
      compare.mockClear();
      ring.roleOf(presented);
      expect(compare).toHaveBeenCalledTimes(2);
      for (const [a, b] of compare.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
    }
  });

  it('SPEC §5: no configured keys means every token is unknown', () => {
    expect(new ApiKeyRing([]).roleOf(tokens.ops)).toBeUndefined();
  });

  it('SPEC §5: viewer reads, integration also writes, only ops administers', () => {
    expect(roleGrants('viewer', 'write')).toBe(false);
    expect(roleGrants('integration', 'admin')).toBe(false);
    expect(roleGrants('ops', 'admin')).toBe(true);
    expect(roleGrants('viewer', 'open')).toBe(true);
  });
});
