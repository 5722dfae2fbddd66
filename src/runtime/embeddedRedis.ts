import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { redisAnswers } from '../store/redis';

/** The private Redis of `npm start` on a fresh machine (SPEC §6) listens here, beside any other. */
export const EMBEDDED_REDIS_PORT = 6399;

/** Whether the single Redis at `url` answers (a short probe through the connection factory). */
const answersAt = (url: string) => redisAnswers({ kind: 'single', url });

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * SPEC §6: with no REDIS_URL, use the local default; when nothing answers there and
 * `redis-server` is on the PATH, start a private one (AOF on, data under `<dataDir>/redis`,
 * `noeviction` as BullMQ needs) as a child of this process, and say so.
 */
export async function ensureRedis(
  config: { redisUrl: string; redisUrlGiven: boolean; DATA_DIR: string },
  say: (message: string) => void,
): Promise<{ url: string; child: ChildProcess | null }> {
  if (config.redisUrlGiven || (await answersAt(config.redisUrl))) return { url: config.redisUrl, child: null };
  if (!onPath('redis-server')) {
    throw new Error(`no Redis answers at ${config.redisUrl} and redis-server is not on the PATH: install Redis 7 or set REDIS_URL`);
  }
  const dir = resolve(config.DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  const url = `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}`;
  if (await answersAt(url)) {
    say(`using the private Redis already running at ${url}`);
    return { url, child: null };
  }
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(EMBEDDED_REDIS_PORT), '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--hz', '100'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !(await answersAt(url)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await answersAt(url))) throw new Error(`started redis-server on ${url}, but it does not answer`);
  say(`no Redis at ${config.redisUrl}: started a private redis-server at ${url} (AOF on, data in ${dir})`);
  return { url, child };
}
