import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Queue } from 'bullmq';

/**
 * `portflow worker` / `portflow api` as real child processes, for crash tests. They run through
 * `node --import tsx` (the loader `node_modules/.bin/tsx` uses) rather than the tsx binary itself:
 * the binary forwards to a second node process, so its pid is not the process that holds the jobs,
 * and `kill -9` of it would leave the real one running.
 */
export type PortflowRole = 'worker' | 'api';

export interface PortflowProcess {
  role: PortflowRole;
  pid: number;
  /** The relay's consumer name in the outbox group (`<host>-<pid>`, see createServices). */
  consumerName: string;
  /** Everything the process wrote to stdout and stderr so far (logs, for the PIN scan). */
  output(): string;
  /** Resolves when the process is gone (after a crash or a stop). */
  exited: Promise<void>;
  alive(): boolean;
  /** `kill -9`: no shutdown handler runs, jobs and outbox entries it held stay where they were. */
  crash(): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');
const running = new Set<PortflowProcess>();
/** Output of every process this file started, kept after the process is gone. */
const outputs: (() => string)[] = [];

export function spawnPortflow(role: PortflowRole, env: NodeJS.ProcessEnv): PortflowProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start portflow ${role}`);
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const started: PortflowProcess = {
    role,
    pid: child.pid,
    consumerName: `${hostname()}-${child.pid}`,
    output,
    exited,
    alive: () => running.has(started),
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
  };
  running.add(started);
  outputs.push(output);
  void exited.then(() => running.delete(started));
  return started;
}

/** For afterAll: every process still running is killed (they never outlive the test file). */
export async function crashAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.crash()));
}

/** The logs of every process started so far, dead or alive. */
export function allProcessOutput(): string {
  return outputs.map((output) => output()).join('\n');
}

/** A TCP port nothing listens on right now (for an API child's PORT). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * Workers are up once `count` BullMQ workers are attached to the mail queue (one per worker
 * process); the outbox relay starts in the same call that creates them (workers/startWorkers.ts).
 */
export async function waitForWorkers(mailQueue: Queue, count: number, worker: PortflowProcess, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await mailQueue.getWorkers()).length >= count, worker, timeoutMs);
}

/** An API is up once `/health` answers 200. */
export async function waitForApi(url: string, api: PortflowProcess, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await fetch(`${url}/health`).catch(() => null))?.status === 200, api, timeoutMs);
}

async function waitFor(probe: () => Promise<boolean>, child: PortflowProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void child.exited.then(() => (gone = true));
  while (!(await probe())) {
    if (gone) throw new Error(`portflow ${child.role} (pid ${child.pid}) exited during start:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`portflow ${child.role} (pid ${child.pid}) not ready after ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
