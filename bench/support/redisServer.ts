import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A private redis-server for the benchmarks: nothing else writes to it, so memory figures (INFO
 * memory) are ours alone and other engineers' tests on 6379 neither disturb nor see the load.
 * No persistence: the figures measure portflow, not the disk.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  version: string;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the OS picks it), so a server of another test or helper is never reused. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'portflow-bench-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  let exitedEarly = false;
  child.once('exit', () => (exitedEarly = true));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections while the server starts are expected; `connect()` rejects and is retried.
  probe.on('error', () => undefined);
  let version = '';
  for (let attempt = 0; ; attempt++) {
    try {
      await probe.connect();
      const info = await probe.info('server');
      version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
      break;
    } catch (error) {
      if (exitedEarly || attempt > 50) throw new Error(`redis-server on ${port} did not start: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  probe.disconnect();
  return {
    url,
    port,
    version,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
