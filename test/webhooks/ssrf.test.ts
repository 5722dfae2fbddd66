import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettableClock } from '../../src/clock/clock';
import { loadConfig } from '../../src/config/config';
import { WebhookTargetPolicy } from '../../src/webhooks/targetPolicy';
import { expectError, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { eventually, FAST_RETRY, startReceiver, webhookFixture, type Receiver, type WebhookFixture } from './webhookFixture';

/**
 * R53 SSRF: webhook targets are public http(s) addresses unless WEBHOOK_ALLOWED_CIDRS opens a range;
 * refused when subscribing (400 webhook_target_refused) and again at every delivery, against the
 * address actually connected to. This table is the one in docs/reliability.md.
 */
const REFUSED_TARGETS: readonly [form: string, url: string][] = [
  ['loopback (Redis port)', 'http://127.0.0.1:6379/'],
  ['loopback, other address', 'http://127.8.9.10/'],
  ['localhost by name', 'http://localhost:8080/'],
  ['localhost. (trailing dot)', 'http://localhost./'],
  ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
  ['RFC 1918 10/8', 'http://10.0.0.1/'],
  ['RFC 1918 172.16/12', 'http://172.16.5.4/'],
  ['RFC 1918 192.168/16', 'https://192.168.1.1/'],
  ['CGNAT 100.64/10', 'http://100.64.0.1/'],
  ['multicast', 'http://224.0.0.1/'],
  ['broadcast', 'http://255.255.255.255/'],
  ['unspecified', 'http://0.0.0.0/'],
  ['unspecified, short form', 'http://0/'],
  ['decimal loopback', 'http://2130706433/'],
  ['hex loopback', 'http://0x7f000001/'],
  ['octal loopback', 'http://0177.0.0.1/'],
  ['short loopback', 'http://127.1/'],
  ['decimal metadata', 'http://2852039166/'],
  ['IPv6 loopback', 'http://[::1]/'],
  ['IPv6 unspecified', 'http://[::]/'],
  ['IPv6 unique local fc00::/7', 'http://[fd12:3456::1]/'],
  ['IPv6 link-local', 'http://[fe80::1]/'],
  ['IPv6 multicast', 'http://[ff02::1]/'],
  ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
  ['IPv4-mapped loopback, hex', 'http://[::ffff:7f00:1]/'],
  ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
  ['IPv4-mapped private', 'http://[::ffff:10.0.0.1]/'],
  ['IPv4-compatible loopback', 'http://[::127.0.0.1]/'],
  ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]/'],
  ['user:password in the URL', 'https://user:pass@hooks.example.com/'],
];

describe('R53: refused when subscribing', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ clock: new SettableClock('2026-12-01T16:00:00Z') });
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each(REFUSED_TARGETS)('R53: a webhook to %s (%s) is refused with 400 webhook_target_refused', async (_form, url) => {
    expectError(await api.call('POST', '/v1/webhooks', { body: { url } }), 400, 'webhook_target_refused');
  });

  it.each(['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO'])('R53: %s (not http or https) is refused', async (url) => {
    expect((await api.call('POST', '/v1/webhooks', { body: { url } })).status).toBe(400);
  });

  it('R53: a public address and a public name are accepted; nothing was stored for the refused ones', async () => {
    for (const url of ['https://93.184.215.14/hooks', 'https://hooks.example.com/portflow', 'https://[2606:4700::1111]/x']) {
      expect((await api.call('POST', '/v1/webhooks', { body: { url } })).status).toBe(201);
    }
    expect((await api.call('GET', '/v1/webhooks')).body.items).toHaveLength(3);
  });
});

describe('R53: WEBHOOK_ALLOWED_CIDRS', () => {
  it('R53: opens exactly the ranges it names (IPv4-mapped forms of them too)', () => {
    const policy = new WebhookTargetPolicy(['127.0.0.0/8', 'fd00::/8']);
    expect(['127.0.0.1', '::ffff:127.0.0.1', 'fd00::5'].map((a) => policy.allowsAddress(a))).toEqual([true, true, true]);
    expect(['10.0.0.1', '169.254.169.254', '::1', 'fc00::1'].map((a) => policy.allowsAddress(a))).toEqual([false, false, false, false]);
  });

  it('R53: a value that is not a CIDR list stops the start naming the variable', () => {
    expect(loadConfig({ WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8, 10.1.0.0/16' }).WEBHOOK_ALLOWED_CIDRS).toEqual(['127.0.0.0/8', '10.1.0.0/16']);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_CIDRS: '127.0.0.1' })).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
  });
});

describe('R53: checked again at every delivery', () => {
  let fx: WebhookFixture;
  let receiver: Receiver;
  beforeEach(async () => {
    fx = webhookFixture('ssrf');
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await fx.cleanup();
  });

  it.each([
    ['an IP literal', (port: number) => `http://127.0.0.1:${port}/hooks`],
    ['a name that resolves to it (no DNS rebinding past the check)', (port: number) => `http://localhost:${port}/hooks`],
  ])('R53: a subscription that later points at a refused address (%s) is not delivered: outcome refused_target', async (_case, urlFor) => {
    // Subscribed while 127.0.0.0/8 was open; the worker's policy no longer opens it.
    const { id } = await fx.subscriptions.create({ url: urlFor(Number(new URL(receiver.url).port)) });
    fx.startWorker({ targets: new WebhookTargetPolicy() });
    await fx.enqueue('po_ssrf', 1, { ...FAST_RETRY, attempts: 1 });
    const [attempt] = await eventually(async () => {
      const log = await fx.log.attempts(id, 10);
      return log.length > 0 ? log : undefined;
    });
    expect(attempt).toMatchObject({ status: 'dead', error: 'refused_target' });
    expect(attempt).not.toHaveProperty('httpStatus');
    expect(receiver.requests).toEqual([]);
  });
});

describe('R53: the delivery log keeps coarse outcomes', () => {
  let fx: WebhookFixture;
  let tlsDir: string;
  let server: HttpsServer | undefined;
  beforeEach(() => {
    fx = webhookFixture('outcomes');
    tlsDir = mkdtempSync(join(tmpdir(), 'portflow-tls-'));
  });
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await fx.cleanup();
    rmSync(tlsDir, { recursive: true, force: true });
  });

  it('R53: a receiver whose certificate does not verify is logged as tls_failed, nothing more', async () => {
    // A self-signed certificate, made for this test (openssl ships with every Debian and CI image here).
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(tlsDir, 'key.pem'), '-out', join(tlsDir, 'cert.pem')], { stdio: 'ignore' });
    server = createHttpsServer({ key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) }, (_request, response) => response.writeHead(204).end());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { id } = await fx.subscriptions.create({ url: `https://localhost:${(server.address() as AddressInfo).port}/hooks` });
    fx.startWorker();
    await fx.enqueue('po_tls', 1, { ...FAST_RETRY, attempts: 1 });
    const [attempt] = await eventually(async () => {
      const log = await fx.log.attempts(id, 10);
      return log.length > 0 ? log : undefined;
    });
    expect(attempt).toEqual(expect.objectContaining({ status: 'dead', error: 'tls_failed' }));
    expect(Object.keys(attempt).sort()).toEqual(['at', 'attempt', 'deliveryId', 'error', 'orderId', 'seq', 'status']);
  });
});
