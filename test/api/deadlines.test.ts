import { connect } from 'node:net';
import pino from 'pino';
import { buildPortflowServer } from '../../src/runtime/server';
import { SettableClock } from '../../src/clock/clock';
import { TEST_TOKENS } from '../support/harness';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';

/** R51: every request has a deadline, a connection that got an early 401/413 is closed, writes are rate-limited per key. */

const DEADLINE_MS = 1500;
/** The server checks deadlines every DEADLINE_MS / 2; a loaded CI machine adds its own delay. Still well before the trickle ends (4 × DEADLINE_MS). */
const CLOSE_WITHIN_MS = DEADLINE_MS * 3;

interface RawAnswer {
  status: number | null;
  head: string;
  /** When the server closed the connection, from the first byte sent; null if it stayed open. */
  closedAfterMs: number | null;
}

/** Sends `parts` over a raw socket, `gapMs` apart; resolves once the server closes or `waitMs` pass. */
function rawExchange(url: string, parts: string[], gapMs: number, waitMs: number): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const began = performance.now();
    let received = '';
    let closedAfterMs: number | null = null;
    const timers = parts.map((part, i) => setTimeout(() => socket.writable && socket.write(part), i * gapMs));
    const finish = () => {
      timers.forEach(clearTimeout);
      clearTimeout(giveUp);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : null, head: received, closedAfterMs });
    };
    const giveUp = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => {
      closedAfterMs = performance.now() - began;
      finish();
    });
    socket.on('error', () => undefined);
  });
}

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z'), env: { REQUEST_TIMEOUT_MS: String(DEADLINE_MS) } });
});
afterAll(async () => {
  await api?.close();
});

describe('R51: deadlines', () => {
  it('R51: a body that trickles in with a valid key gets 408 request_timeout at the deadline and the connection is closed', async () => {
    const body = JSON.stringify(usOrderInput());
    const head = `POST /v1/port-orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_TOKENS.ops}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const answer = await rawExchange(api.url, [head, ...body.slice(0, 20).split('')], 300, DEADLINE_MS * 4);
    expect(answer.status).toBe(408);
    expect(answer.head).toContain('"code":"request_timeout"');
    expect(answer.closedAfterMs).not.toBeNull();
    expect(answer.closedAfterMs!).toBeLessThan(CLOSE_WITHIN_MS);
  });

  it('R51: headers that never end get 408 and the connection is closed', async () => {
    const answer = await rawExchange(api.url, ['GET /v1/port-orders HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n', 'X-E: 5\r\n', 'X-F: 6\r\n'], 400, DEADLINE_MS * 4);
    expect(answer.status).toBe(408);
    expect(answer.closedAfterMs!).toBeLessThan(CLOSE_WITHIN_MS);
  });

  it('R51: an early 401 (the body not sent yet) closes the connection', async () => {
    const head = 'POST /v1/port-orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    const answer = await rawExchange(api.url, [head], 0, 1000);
    expect(answer.status).toBe(401);
    expect(answer.head.toLowerCase()).toContain('connection: close');
    expect(answer.closedAfterMs).not.toBeNull();
  });

  it('R51: an early 413 (Content-Length over the limit) closes the connection', async () => {
    const head = `POST /v1/port-orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_TOKENS.ops}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    const answer = await rawExchange(api.url, [head], 0, 1000);
    expect(answer.status).toBe(413);
    expect(answer.closedAfterMs).not.toBeNull();
  });
});

describe('R51: writes are rate-limited per key, counted in Redis', () => {
  it('R51: past RATE_LIMIT_WRITES_PER_MINUTE a key gets 429 rate_limited with Retry-After — across API processes; reads and other keys go on', async () => {
    const limited = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z'), env: { RATE_LIMIT_WRITES_PER_MINUTE: '3' } });
    // A second API process on the same Redis and prefix: the budget is shared.
    const second = await buildPortflowServer(limited.harness.services, { logger: pino({ level: 'silent' }) });
    const secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
    try {
      const create = (url: string, token: string) =>
        fetch(`${url}/v1/port-orders`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(usOrderInput()) });
      const statuses = [];
      for (const url of [limited.url, secondUrl, limited.url]) statuses.push((await create(url, TEST_TOKENS.integration)).status);
      expect(statuses).toEqual([201, 201, 201]);

      const refused = await create(secondUrl, TEST_TOKENS.integration);
      const body = await refused.json();
      expectError({ status: refused.status, body, headers: refused.headers }, 429, 'rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

      expect((await create(limited.url, TEST_TOKENS.ops)).status).toBe(201); // another key, its own budget
      expect((await limited.call('GET', '/v1/port-orders', { as: 'integration' })).status).toBe(200); // reads are not limited
      expect((await limited.call('POST', '/v1/porting-calendar/check', { as: 'integration', body: { startAt: '2026-12-16T16:00:00Z' } })).status).toBe(200);
    } finally {
      await second.close();
      await limited.close();
    }
  });

  it('R51: RATE_LIMIT_WRITES_PER_MINUTE=0 turns the limit off', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.call('POST', '/v1/port-orders', { as: 'integration', body: usOrderInput() })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
  });
});
