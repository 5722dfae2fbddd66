import { redisAnswers } from '../../src/store/redis';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server of a test's own (random port 6400–6999, AOF on, data in a temp dir), for the
 * tests that crash or restart Redis — never the shared server on 6379. Restarts reuse the same
 * port and dir, so the AOF is replayed and clients reconnect to the same URL.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  dir: string;
  /** `SHUTDOWN`: Redis flushes the AOF and exits (a clean restart). */
  shutdown(): Promise<void>;
  /** `kill -9`: only what the AOF had synced survives. */
  crash(): Promise<void>;
  /** Starts it again on the same port and dir; `appendfsync` as given (default `everysec`). */
  start(options?: { appendfsync?: 'always' | 'everysec' }): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export async function startPrivateRedis(options: { appendfsync?: 'always' | 'everysec' } = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'portflow-redis-'));
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let port = 0;

  const launch = async (appendfsync: 'always' | 'everysec'): Promise<boolean> => {
    const server = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', appendfsync, '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    child = server;
    exited = new Promise((done) => server.once('exit', () => done()));
    let gone = false;
    void exited.then(() => (gone = true));
    for (let i = 0; i < 100 && !gone; i++) {
      if (await answers(port)) return true;
      await new Promise((done) => setTimeout(done, 50));
    }
    server.kill('SIGKILL');
    await exited;
    return false;
  };

  for (let attempt = 0; attempt < 10 && port === 0; attempt++) {
    const candidate = 6400 + Math.floor(Math.random() * 600);
    port = candidate;
    if (await answers(candidate)) port = 0; // someone else's server: try another port
    else if (!(await launch(options.appendfsync ?? 'everysec'))) port = 0;
  }
  if (port === 0) throw new Error('could not start a private redis-server on a port in 6400–6999');

  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async shutdown() {
      const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      await client.call('SHUTDOWN').catch(() => undefined); // the connection closes instead of a reply
      client.disconnect();
      await exited;
    },
    async crash() {
      child?.kill('SIGKILL');
      await exited;
    },
    async start(restart = {}) {
      if (!(await launch(restart.appendfsync ?? 'everysec'))) throw new Error(`private redis-server on ${port} did not start again`);
    },
    async destroy() {
      child?.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}

function answers(port: number): Promise<boolean> {
  return redisAnswers({ kind: 'single', url: `redis://127.0.0.1:${port}` }, 500);
}
