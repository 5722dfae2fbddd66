import { Writable } from 'node:stream';
import { createLogger, redactUrl } from '../../src/api/logger';
import { SettableClock } from '../../src/clock/clock';
import { startApiHarness, type ApiHarness } from '../support/apiHarness';
import { usOrderInput } from '../support/orderInputs';
import { FakeEngine } from './support/fakeEngine';
import { startApi, testRedis } from './support/apiServer';

/**
 * Issue 8: a token put in a URL never reaches the request log, and answers carrying personal data
 * (orders, history, projects, events, the mailbox) tell every cache not to keep them.
 */

describe('tokens in URLs', () => {
  it('§5: /docs?api_key=… is logged with the key redacted, other parameters kept', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const redis = testRedis();
    const api = await startApi({ engine: new FakeEngine(), redis, logger: createLogger({ LOG_LEVEL: 'info' }, stream) });
    try {
      await fetch(`${api.url}/docs?api_key=SECRET-KEY-0123456789&lang=en`);
      await fetch(`${api.url}/v1/port-orders?limit=5&token=SECRET-TOKEN-0123456789`);
    } finally {
      await api.close();
      redis.disconnect();
    }
    const log = lines.join('');
    expect(log).not.toMatch(/SECRET-/);
    expect(log).toContain('/docs?api_key=[redacted]&lang=en');
    expect(log).toContain('/v1/port-orders?limit=5&token=[redacted]');
  });

  it.each([
    ['/health', '/health'],
    ['/x?Access_Token=a&access-token=b&key=c&pin=1234', '/x?Access_Token=[redacted]&access-token=[redacted]&key=[redacted]&pin=[redacted]'],
    ['/v1/events?after=1-0&limit=5', '/v1/events?after=1-0&limit=5'],
  ])('§5: redactUrl(%s) is %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('Cache-Control: no-store on personal data', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('§5: orders, their history, projects, the event feed, the mailbox and errors are no-store; /health is not', async () => {
    const order = await api.call('POST', '/v1/port-orders', { body: usOrderInput() });
    const { account: _a, numbers: _n, ...shared } = usOrderInput();
    const project = await api.call('POST', '/v1/port-projects', { body: { ...shared, accounts: [{ account: usOrderInput().account, numbers: usOrderInput().numbers }] } });
    const answers = {
      create: order,
      order: await api.call('GET', `/v1/port-orders/${order.body.id}`, { as: 'viewer' }),
      list: await api.call('GET', '/v1/port-orders', { as: 'viewer' }),
      history: await api.call('GET', `/v1/port-orders/${order.body.id}/history`, { as: 'viewer' }),
      project: await api.call('GET', `/v1/port-projects/${project.body.id}`, { as: 'viewer' }),
      events: await api.call('GET', '/v1/events', { as: 'viewer' }),
      mailbox: await api.call('GET', '/v1/dev/mailbox', { as: 'viewer' }),
      notFound: await api.call('GET', '/v1/port-orders/po_nothing', { as: 'viewer' }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, [a.status < 500, a.headers.get('cache-control')]]))).toEqual(
      Object.fromEntries(Object.keys(answers).map((name) => [name, [true, 'no-store']])),
    );
    expect((await api.call('GET', '/health', { as: 'none' })).headers.get('cache-control')).not.toBe('no-store');
  });
});
