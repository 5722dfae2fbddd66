import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { EMBEDDED_REDIS_PORT, ensureRedis } from '../../src/runtime/embeddedRedis';

/** SPEC §6: how portflow starts on a fresh machine, and how it refuses a bad start. */

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function portflow(args: string[], env: Record<string, string>) {
  return spawnSync(TSX, ['src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

it('SPEC §6: a bad configuration value stops the start with one line naming the variable (exit 2)', () => {
  const run = portflow(['api'], { SLOT_CAPACITY: 'lots' });
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^portflow: config: SLOT_CAPACITY: /)]);
});

it('SPEC §6: with no Redis answering and none configured, a private redis-server starts (AOF on, noeviction)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portflow-embedded-'));
  const said: string[] = [];
  const started = await ensureRedis({ redisUrl: 'redis://127.0.0.1:1', redisUrlGiven: false, DATA_DIR: dataDir }, (m) => said.push(m));
  const redis = new Redis(started.url);
  try {
    expect(started.url).toBe(`redis://127.0.0.1:${EMBEDDED_REDIS_PORT}`);
    expect(said.join('\n')).toMatch(/private redis-server/);
    expect(await redis.config('GET', 'appendonly')).toEqual(expect.arrayContaining(['yes']));
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(expect.arrayContaining(['noeviction']));
  } finally {
    redis.disconnect();
    started.child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('SPEC §6: a configured REDIS_URL is used as it is, never replaced by a private one', async () => {
  const started = await ensureRedis({ redisUrl: 'redis://127.0.0.1:1', redisUrlGiven: true, DATA_DIR: tmpdir() }, () => undefined);
  expect(started).toEqual({ url: 'redis://127.0.0.1:1', child: null });
});
