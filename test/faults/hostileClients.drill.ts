import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { connect, type Socket } from 'node:net';
import { createHarness, TEST_TOKENS, testEnv, type Harness } from '../support/harness';
import { usOrderInput } from '../support/orderInputs';
import { crashAll, freePort, spawnPortflow, waitForApi, type PortflowProcess } from '../support/portflowProcess';

/**
 * Issue 8, hostile clients against `portflow api` (a child process, so its memory and event loop are
 * its own): R50 the huge-project request, alone and 40 at once (peak RSS of the API, /health latency
 * meanwhile); R51 200 slow-body connections with a valid key. Figures go to docs/reliability.md.
 */
const HUGE_ACCOUNTS = 100;
const HUGE_NUMBERS_PER_ACCOUNT = 2200;
const CONCURRENT_HUGE = 40;
const SLOW_BODY_CONNECTIONS = 200;

let harness: Harness;
let api: PortflowProcess;
let apiUrl: string;
let port: number;

beforeAll(async () => {
  port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const env = testEnv({ PORT: String(port), LOG_LEVEL: 'warn' });
  harness = createHarness({ env: env as Record<string, string> });
  api = spawnPortflow('api', env);
  await waitForApi(apiUrl, api);
});
afterAll(async () => {
  await crashAll();
  await harness?.close();
});

/** The attack of issue 8: 883 KB of project whose 220,000 numbers are all invalid. */
function hugeProjectBody(): string {
  const { account: _account, numbers: _numbers, ...shared } = usOrderInput();
  const accounts = Array.from({ length: HUGE_ACCOUNTS }, () => ({
    account: usOrderInput().account,
    numbers: Array.from({ length: HUGE_NUMBERS_PER_ACCOUNT }, () => '1'),
  }));
  return JSON.stringify({ ...shared, accounts });
}

const kib = (bytes: number) => Math.round(bytes / 1024);

/** VmHWM: the peak resident set of the API process so far, in MiB. */
function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024);
}

/** CPU time (user + system) the API process used so far, in ms: a figure the machine's other load does not skew. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

async function postHugeProject(body: string): Promise<{ status: number; bytes: number; ms: number }> {
  const began = performance.now();
  const response = await fetch(`${apiUrl}/v1/port-projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' },
    body,
  });
  const bytes = (await response.arrayBuffer()).byteLength;
  return { status: response.status, bytes, ms: Math.round(performance.now() - began) };
}

/** Polls /health every 100 ms until `done` settles; answers the slowest and the median latency. */
async function healthLatencyDuring(done: Promise<unknown>): Promise<{ maxMs: number; medianMs: number; failures: number }> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  let failures = 0;
  while (!finished) {
    const began = performance.now();
    const ok = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status === 200, () => false);
    latencies.push(performance.now() - began);
    if (!ok) failures += 1;
    await new Promise((r) => setTimeout(r, 100));
  }
  latencies.sort((a, b) => a - b);
  return { maxMs: Math.round(latencies.at(-1) ?? 0), medianMs: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0), failures };
}

describe('R50: the huge-project request', () => {
  const body = hugeProjectBody();

  it('R50: one 883 KB project of invalid numbers answers a bounded 400, fast', async () => {
    const answer = await postHugeProject(body);
    console.log(`R50 huge project: request ${kib(body.length)} KiB → ${answer.status}, answer ${kib(answer.bytes)} KiB in ${answer.ms} ms`);
    expect(answer.status).toBe(400);
    expect(answer.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it(`R50: ${CONCURRENT_HUGE} at once keep the API's memory bounded and /health answering`, async () => {
    const rssBefore = peakRssMiB(api.pid);
    const began = performance.now();
    const attack = Promise.all(Array.from({ length: CONCURRENT_HUGE }, () => postHugeProject(body)));
    const [answers, health] = await Promise.all([attack, healthLatencyDuring(attack)]);
    const rssPeak = peakRssMiB(api.pid);
    console.log(
      `R50 ${CONCURRENT_HUGE} concurrent huge projects: ${Math.round(performance.now() - began)} ms in all; statuses ${[...new Set(answers.map((a) => a.status))]}; ` +
        `peak RSS ${rssBefore} → ${rssPeak} MiB; /health max ${health.maxMs} ms, median ${health.medianMs} ms, ${health.failures} failed`,
    );
    expect(answers.every((a) => a.status === 400 && a.bytes <= 64 * 1024)).toBe(true);
    expect(health.failures).toBe(0);
  });
});

describe('R51: slow bodies', () => {
  /** Sends the headers of a write with a valid key, then a byte of body every few seconds; resolves with what the server answered. */
  function slowBodyClient(): { socket: Socket; answered: Promise<{ status: number | null; ms: number }> } {
    const socket = connect(port, '127.0.0.1');
    const began = performance.now();
    const body = JSON.stringify(usOrderInput());
    socket.write(
      `POST /v1/port-orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TEST_TOKENS.ops}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < body.length && !socket.destroyed) socket.write(body[sent++]);
    }, 5_000);
    const answered = new Promise<{ status: number | null; ms: number }>((resolve) => {
      let head = '';
      const finish = () => {
        clearInterval(trickle);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
        resolve({ status: status ? Number(status) : null, ms: Math.round(performance.now() - began) });
      };
      socket.on('data', (chunk) => (head += chunk.toString('latin1')));
      socket.on('close', finish);
      socket.on('error', () => undefined);
    });
    return { socket, answered };
  }

  it(`R51: ${SLOW_BODY_CONNECTIONS} slow-body connections get 408 within the deadline and are closed; /health answers meanwhile`, async () => {
    const clients = Array.from({ length: SLOW_BODY_CONNECTIONS }, slowBodyClient);
    const all = Promise.all(clients.map((c) => c.answered));
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 90_000));
    const [outcome, health] = await Promise.all([Promise.race([all, timeout]), healthLatencyDuring(Promise.race([all, timeout]))]);
    for (const client of clients) client.socket.destroy();
    const answers = outcome === 'timeout' ? [] : outcome;
    const statuses = new Map<string, number>();
    for (const a of answers) statuses.set(String(a.status), (statuses.get(String(a.status)) ?? 0) + 1);
    const slowest = Math.max(0, ...answers.map((a) => a.ms));
    console.log(
      `R51 ${SLOW_BODY_CONNECTIONS} slow bodies: ${outcome === 'timeout' ? 'no answer within 90 s' : `statuses ${JSON.stringify(Object.fromEntries(statuses))}, all closed by ${slowest} ms`}; ` +
        `/health max ${health.maxMs} ms, median ${health.medianMs} ms, ${health.failures} failed`,
    );
    expect(outcome).not.toBe('timeout');
    expect(answers.every((a) => a.status === 408)).toBe(true);
    expect(health.failures).toBe(0);
  });
});

describe('§5 slots: 50 connections of a viewer key', () => {
  it('§5 slots: GET /v1/porting-calendar/slots?days=62 costs a tenth of the CPU of issue 8 (≥ 10× the requests per core)', async () => {
    const from = new Date().toISOString().slice(0, 10);
    const options = { url: `${apiUrl}/v1/porting-calendar/slots?from=${from}&days=62`, connections: 50, duration: 10, headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` } };
    const run = new Promise<autocannon.Result>((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
    const cpuBefore = cpuMs(api.pid);
    const [result, health] = await Promise.all([run, healthLatencyDuring(run)]);
    const cpuPerRequest = (cpuMs(api.pid) - cpuBefore) / result.requests.total;
    console.log(
      `slots days=62, 50 connections, 10 s: ${Math.round(result.requests.average)} req/s, API CPU ${cpuPerRequest.toFixed(1)} ms/request, p99 ${result.latency.p99} ms, ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}; /health max ${health.maxMs} ms, median ${health.medianMs} ms, ${health.failures} failed`,
    );
    expect(result.non2xx + result.errors).toBe(0);
    // req/s depends on what else the machine runs; the API's CPU per request does not (issue 8: ~27 ms).
    expect(cpuPerRequest).toBeLessThanOrEqual(2.7);
  });
});
