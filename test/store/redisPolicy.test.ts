import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { EvictionPolicyError } from '../../src/store/errors/EvictionPolicyError';
import { checkEvictionPolicy } from '../../src/store/redisPolicy';

/**
 * The shared Redis must keep `noeviction`, so the other policies are set on private
 * redis-servers (own port, no persistence) that this file starts and stops.
 */
interface PrivateRedis {
  server: ChildProcess;
  client: Redis;
}

function startPrivateRedis(extraArgs: string[]): PrivateRedis {
  const port = 6390 + Math.floor(Math.random() * 2000);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs];
  const server = spawn('redis-server', args, { stdio: 'ignore' });
  const client = new Redis({ port, host: '127.0.0.1', retryStrategy: (times) => (times > 50 ? null : 100) });
  return { server, client };
}

const shared = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const plain = startPrivateRedis([]);
// As on managed Redis services: CONFIG is renamed away; only the test knows the new name.
const hiddenConfig = `config-${Math.random().toString(36).slice(2)}`;
const configDisabled = startPrivateRedis(['--rename-command', 'CONFIG', hiddenConfig]);

beforeAll(() => Promise.all([plain.client.ping(), configDisabled.client.ping()]));

afterAll(async () => {
  await Promise.all([plain.client.quit(), configDisabled.client.quit(), shared.quit()]);
  plain.server.kill();
  configDisabled.server.kill();
});

describe('Redis eviction policy', () => {
  it('R43: the shared Redis with noeviction passes in refuse mode', async () => {
    expect(await checkEvictionPolicy(shared, 'refuse')).toEqual({ policy: 'noeviction', warning: null });
  });

  it('R43: allkeys-lru is refused with a typed error that names the policy and the fix', async () => {
    await plain.client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const check = checkEvictionPolicy(plain.client, 'refuse');
    await expect(check).rejects.toBeInstanceOf(EvictionPolicyError);
    await expect(check).rejects.toMatchObject({
      code: 'redis_eviction_policy',
      policy: 'allkeys-lru',
      message: expect.stringMatching(/noeviction.*REDIS_EVICTION_POLICY_CHECK=warn/s),
    });
  });

  it('R43: allkeys-lru in warn mode passes with a warning', async () => {
    await plain.client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const result = await checkEvictionPolicy(plain.client, 'warn');
    expect(result.policy).toBe('allkeys-lru');
    expect(result.warning).toMatch(/allkeys-lru/);
  });

  it('R43: when CONFIG is disabled the policy is read from INFO memory', async () => {
    const { client } = configDisabled;
    await expect(client.config('GET', 'maxmemory-policy')).rejects.toThrow(/unknown command/);

    await client.call(hiddenConfig, 'SET', 'maxmemory-policy', 'volatile-lru');
    await expect(checkEvictionPolicy(client, 'refuse')).rejects.toMatchObject({ policy: 'volatile-lru' });

    await client.call(hiddenConfig, 'SET', 'maxmemory-policy', 'noeviction');
    expect(await checkEvictionPolicy(client, 'refuse')).toEqual({ policy: 'noeviction', warning: null });
  });
});
