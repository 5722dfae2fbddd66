import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteKeys } from '../support/harness';
import { freePort } from '../support/portflowProcess';
import { PORTFLOW_BIN, ROOT } from '../support/portflowCli';

/**
 * The README stays true: its `sh` blocks are run, in order, with bash, by a newcomer's shell in a
 * fresh folder, against a service started the way its `# terminal 1` blocks say (`npm start`, or
 * `SANDBOX=1 … npm start`: the variables before `npm start` are the service's environment).
 *
 * What differs from a newcomer's machine, and why:
 * - the service is `portflow start` through bin/portflow.js (the sources; `npm start` runs the same
 *   code after a build), on a free port instead of 3000 (other tests run at the same time), and
 *   under a key and queue prefix of its own on the shared Redis (cleaned up afterwards);
 * - `npx portflow` is that same bin: the folder is not a checkout, and help.test.ts proves
 *   `npx portflow` in the checkout;
 * - HOME and XDG_CONFIG_HOME are in the folder, so `portflow login` does not touch ~/.config.
 * Blocks fenced `sh norun` (installing, running the tests, reference) are not run.
 */

interface Block {
  line: number;
  code: string;
}

function readmeShellBlocks(): Block[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks: Block[] = [];
  for (const match of text.matchAll(/^```sh([^\n]*)\n([\s\S]*?)^```$/gm)) {
    if (match[1].trim().split(/\s+/).includes('norun')) continue;
    blocks.push({ line: text.slice(0, match.index).split('\n').length, code: match[2] });
  }
  return blocks;
}

/** A `# terminal 1` block starts the service: the env assignments before `npm start` on its line. */
function serviceEnv(block: Block): Record<string, string> | null {
  if (!block.code.startsWith('# terminal 1')) return null;
  const start = /^((?:[A-Z_]+=\S+\s+)*)npm start$/m.exec(block.code);
  if (!start) throw new Error(`README line ${block.line}: a terminal 1 block without npm start`);
  return Object.fromEntries(start[1].trim().split(/\s+/).filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]));
}

const id = randomBytes(4).toString('hex');
const prefixes = { KEY_PREFIX: `test:readme:${id}`, QUEUE_PREFIX: `testq:readme:${id}` };
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let folder: string;
let port: number;
let service: { child: ChildProcess; output: () => string } | null = null;

const shellEnv = () => ({ PATH: process.env.PATH ?? '', HOME: folder, XDG_CONFIG_HOME: join(folder, '.config'), PORTFLOW_BIN, LANG: 'C.UTF-8' });

async function startService(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [PORTFLOW_BIN, 'start'], {
    cwd: folder,
    env: { ...shellEnv(), REDIS_URL: redisUrl, ...prefixes, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  service = { child, output };
  const deadline = Date.now() + 30_000;
  while (!/is running\n[\s\S]*\n\n/.test(output())) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`portflow start did not come up:\n${output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return output();
}

async function stopService(): Promise<void> {
  if (!service) return;
  const { child } = service;
  service = null;
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

function runBash(script: string): Promise<{ code: number | null; output: string }> {
  // `npx portflow …` is the package's bin (see above); any other npx is the real one.
  const prelude = 'set -euo pipefail\nnpx() { if [ "$1" = portflow ]; then shift; node "$PORTFLOW_BIN" "$@"; else command npx "$@"; fi; }\n';
  const child = spawn('bash', ['-c', prelude + script], { cwd: folder, env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((done) => child.once('close', (code) => done({ code, output: Buffer.concat(chunks).toString('utf8') })));
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'portflow-readme-'));
  port = await freePort();
});
afterAll(async () => {
  await stopService();
  await deleteKeys(redisUrl, [`${prefixes.KEY_PREFIX}:*`, `${prefixes.QUEUE_PREFIX}:*`]);
  rmSync(folder, { recursive: true, force: true });
});

it('README: the quick start and the sandbox walkthrough run as written, twice (re-runnable), and npm start prints URL, console, key, Redis and mail', async () => {
  const blocks = readmeShellBlocks();
  const starts = blocks.filter((block) => serviceEnv(block) !== null);
  expect(starts.map(serviceEnv)).toEqual([{}, { SANDBOX: '1', TEST_CALL_PROVIDER: 'simulated' }]);
  const transcript: string[] = [];

  for (const round of [1, 2]) {
    // Blocks between two service starts are one terminal: one bash session, so `ID=…` carries over.
    let session: Block[] = [];
    const runSession = async () => {
      if (session.length === 0) return;
      const script = session.map((block) => `echo "::README line ${block.line}"\n${block.code}`).join('\n').replace(/(127\.0\.0\.1|localhost):3000/g, `127.0.0.1:${port}`);
      session = [];
      const run = await runBash(script);
      transcript.push(run.output);
      if (run.code !== 0) throw new Error(`README (round ${round}) exited ${run.code} in the last block marked here:\n${run.output}\n--- service:\n${service?.output()}`);
    };
    for (const block of blocks) {
      const env = serviceEnv(block);
      if (!env) {
        session.push(block);
        continue;
      }
      await runSession();
      await stopService();
      const printed = await startService(env);
      if (round === 1 && Object.keys(env).length === 0) {
        const key = readFileSync(join(folder, '.data', 'dev-api-key'), 'utf8').trim();
        expect(printed).toContain(`API:      http://127.0.0.1:${port}`);
        expect(printed).toContain(`console:  http://127.0.0.1:${port}/console`);
        expect(printed).toContain(`API key:  ${key}`);
        expect(printed).toContain(`Redis:    ${redisUrl}`);
        expect(printed).toMatch(/mail: +the dev mailbox, one \.eml file per mail in \.data\/mail\//);
      }
    }
    await runSession();
  }
  const all = transcript.join('\n');
  // What the README says the reader will see.
  expect(all).toMatch(/po_[0-9A-Z]{26}  submitted  version 2  next: CONFIRM_FOC, REJECT, CANCEL/);
  expect(all).toMatch(/invalid_transition: .*SUBMIT is not accepted there.*\nrefused \(exit 1\)/);
  expect(all).toMatch(/  cancelled  version 3/);
  expect(all).toMatch(/^toll-free window: +\d{4}-\d{2}-\d{2} \d{2}:\d{2} MST → /m);
  expect(all.match(/^dropped$/gm)).toHaveLength(2);
}, 240_000);
