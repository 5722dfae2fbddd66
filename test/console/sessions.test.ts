import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_TOKENS } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { startConsoleStack, type ConsoleStack } from './support/consoleStack';

/** R66 and SPEC §5: console sessions over plain HTTP — the cookie, its Redis record, and what the API accepts with it. */

let stack: ConsoleStack;
let redis: Redis;

beforeAll(async () => {
  stack = await startConsoleStack({}, { workers: false });
  redis = new Redis(stack.harness.config.redisUrl);
});

afterAll(async () => {
  redis.disconnect();
  await stack.close();
});

interface SignedIn {
  sessionId: string;
  setCookie: string;
  cookie: string;
  csrfToken: string;
}

async function signIn(token: string): Promise<SignedIn> {
  const answer = await fetch(`${stack.url}/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: token }),
    redirect: 'manual',
  });
  expect(answer.status).toBe(303);
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const sessionId = /^portflow_session=([^;]+)/.exec(setCookie)![1];
  const cookie = `portflow_session=${sessionId}`;
  const board = await (await fetch(`${stack.url}/console`, { headers: { cookie } })).text();
  const csrfToken = /<meta name="csrf-token" content="([^"]+)">/.exec(board)![1];
  return { sessionId, setCookie, cookie, csrfToken };
}

function api(path: string, init: { method?: string; cookie?: string; csrf?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${stack.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

it('R66: sign-in sets an httpOnly, SameSite=Strict cookie; Redis keeps only its SHA-256, with an expiry', async () => {
  const { sessionId, setCookie } = await signIn(TEST_TOKENS.viewer);
  expect(setCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
  expect(setCookie).not.toContain('Secure'); // plain http here; on https the cookie is Secure
  const keys = await redis.keys(`${stack.harness.config.KEY_PREFIX}:console:session:*`);
  const digest = createHash('sha256').update(sessionId).digest('hex');
  expect(keys).toContain(`${stack.harness.config.KEY_PREFIX}:console:session:${digest}`);
  expect(keys.join()).not.toContain(sessionId);
  const ttl = await redis.ttl(`${stack.harness.config.KEY_PREFIX}:console:session:${digest}`);
  expect(ttl).toBeGreaterThan(8 * 3600 - 60);
  expect(ttl).toBeLessThanOrEqual(8 * 3600);
  expect(await redis.get(`${stack.harness.config.KEY_PREFIX}:console:session:${digest}`)).not.toContain(TEST_TOKENS.viewer);
});

it('R66: a wrong key gets no session', async () => {
  const answer = await fetch(`${stack.url}/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: 'nope-0123456789abcdef' }),
    redirect: 'manual',
  });
  expect(answer.status).toBe(401);
  expect(answer.headers.get('set-cookie')).toBeNull();
});

it('R66: the API reads with a viewer session; the role still decides (a viewer cannot write, 403 forbidden)', async () => {
  const viewer = await signIn(TEST_TOKENS.viewer);
  expect((await api('/v1/port-orders', { cookie: viewer.cookie })).status).toBe(200);
  const write = await api('/v1/port-orders', { method: 'POST', cookie: viewer.cookie, csrf: viewer.csrfToken, body: usOrderInput() });
  expect(write.status).toBe(403);
  expect(((await write.json()) as { error: { code: string } }).error.code).toBe('forbidden');
});

it("R66: a write with the session cookie needs the session's CSRF token (403 csrf_token_invalid without it or with another)", async () => {
  const integration = await signIn(TEST_TOKENS.integration);
  const other = await signIn(TEST_TOKENS.integration);
  for (const csrf of [undefined, other.csrfToken, 'x']) {
    const refused = await api('/v1/port-orders', { method: 'POST', cookie: integration.cookie, csrf, body: usOrderInput() });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('csrf_token_invalid');
  }
  const created = await api('/v1/port-orders', { method: 'POST', cookie: integration.cookie, csrf: integration.csrfToken, body: usOrderInput() });
  expect(created.status).toBe(201);
  const history = (await (await api(`/v1/port-orders/${((await created.json()) as { id: string }).id}/history`, { cookie: integration.cookie })).json()) as { items: { actor: string }[] };
  expect(history.items[0].actor).toBe('console:integration');
});

it('§5: an unknown or signed-out session is 401, and the API takes no token in a URL', async () => {
  expect((await api('/v1/port-orders', { cookie: `portflow_session=${'a'.repeat(43)}` })).status).toBe(401);
  const ops = await signIn(TEST_TOKENS.ops);
  const out = await fetch(`${stack.url}/console/sign-out`, {
    method: 'POST',
    headers: { cookie: ops.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: ops.csrfToken }),
    redirect: 'manual',
  });
  expect(out.status).toBe(303);
  expect(out.headers.get('set-cookie')).toMatch(/^portflow_session=; .*Max-Age=0/);
  expect((await api('/v1/port-orders', { cookie: ops.cookie })).status).toBe(401);
  expect((await api(`/v1/port-orders?token=${TEST_TOKENS.ops}`)).status).toBe(401);
});

it('R66: a console form post without the session CSRF token is refused', async () => {
  const ops = await signIn(TEST_TOKENS.ops);
  const out = await fetch(`${stack.url}/console/sign-out`, {
    method: 'POST',
    headers: { cookie: ops.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    redirect: 'manual',
  });
  expect(out.status).toBe(403);
  expect((await api('/v1/port-orders', { cookie: ops.cookie })).status).toBe(200);
});

it('R66: GET /v1/port-orders/counts counts orders per state, of one kind when asked', async () => {
  const before = (await stack.call('GET', '/v1/port-orders/counts')).body;
  const created = await stack.call('POST', '/v1/port-orders', usOrderInput());
  await stack.call('POST', `/v1/port-orders/${created.body.id}/events`, { type: 'SUBMIT' });
  const after = (await stack.call('GET', '/v1/port-orders/counts')).body;
  expect(after.total).toBe(before.total + 1);
  expect(after.byState.submitted).toBe(before.byState.submitted + 1);
  expect(after.byState.draft).toBe(before.byState.draft);
  const tollFree = (await stack.call('GET', '/v1/port-orders/counts?kind=tollFree')).body;
  expect(tollFree.byState.submitted).toBe(0);
  expect((await stack.call('GET', '/v1/port-orders/counts?kind=fax')).status).toBe(400);
});
