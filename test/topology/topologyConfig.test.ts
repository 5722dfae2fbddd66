import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { isHashTagPrefix } from '../../src/config/redisTopology';
import { startupSummary } from '../../src/runtime/startupSummary';

/** R80: the three Redis topologies, read from the environment and refused when they do not add up. */

const CLUSTER = { REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7000', KEY_PREFIX: '{portflow}', QUEUE_PREFIX: '{portflow-q}' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
}

it('R80: no topology configured is the single local Redis', () => {
  expect(loadConfig({}).redis).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
});

it('R80: a single Redis keeps user, password and TLS in its rediss:// URL', () => {
  expect(loadConfig({ REDIS_URL: 'rediss://app:s3cret@redis.example:6380/2' }).redis).toEqual({ kind: 'single', url: 'rediss://app:s3cret@redis.example:6380/2' });
});

it('R80: a Sentinel set is its sentinels, the master name and the passwords', () => {
  const config = loadConfig({
    REDIS_SENTINELS: 'sentinel-a:26379,sentinel-b:26379,[::1]:26380',
    REDIS_SENTINEL_MASTER: 'portflow',
    REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    REDIS_PASSWORD: 'node-secret',
    REDIS_TLS: '1',
  });
  expect(config.redis).toEqual({
    kind: 'sentinel',
    sentinels: [
      { host: 'sentinel-a', port: 26379 },
      { host: 'sentinel-b', port: 26379 },
      { host: '::1', port: 26380 },
    ],
    masterName: 'portflow',
    sentinelPassword: 'sentinel-secret',
    username: undefined,
    password: 'node-secret',
    tls: true,
  });
});

it('R80: a Cluster is its seed nodes, with hash-tag prefixes', () => {
  expect(loadConfig(CLUSTER).redis).toEqual({
    kind: 'cluster',
    nodes: [
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7000 },
    ],
    username: undefined,
    password: undefined,
    tls: false,
  });
});

it('R80: an empty variable counts as not set (docker compose passes unset ones as "")', () => {
  const config = loadConfig({ REDIS_URL: '', REDIS_SENTINELS: 'sentinel-a:26379', REDIS_SENTINEL_MASTER: 'portflow', REDIS_CLUSTER_NODES: '', REDIS_PASSWORD: '' });
  expect(config.redis).toMatchObject({ kind: 'sentinel', masterName: 'portflow', password: undefined });
  expect(loadConfig({ REDIS_URL: '' }).redis).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
});

it.each([
  ['REDIS_CLUSTER_NODES', { REDIS_URL: 'redis://127.0.0.1:6379', ...CLUSTER }, /REDIS_URL and REDIS_CLUSTER_NODES are both set/],
  ['REDIS_SENTINELS', { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_MASTER: 'm' }, /REDIS_URL and REDIS_SENTINELS/],
  ['KEY_PREFIX', { ...CLUSTER, KEY_PREFIX: 'portflow' }, /hash tag/],
  ['QUEUE_PREFIX', { ...CLUSTER, QUEUE_PREFIX: 'bull' }, /hash tag/],
  ['QUEUE_PREFIX', { REDIS_CLUSTER_NODES: 'a:7000', KEY_PREFIX: '{portflow}' }, /got "bull"/],
  ['REDIS_SENTINEL_MASTER', { REDIS_SENTINELS: 'a:26379' }, /required with REDIS_SENTINELS/],
  ['REDIS_SENTINEL_MASTER', { REDIS_SENTINEL_MASTER: 'portflow' }, /only applies with REDIS_SENTINELS/],
  ['REDIS_SENTINELS', { REDIS_SENTINELS: 'a:26379,b', REDIS_SENTINEL_MASTER: 'm' }, /host:port/],
  ['REDIS_CLUSTER_NODES', { ...CLUSTER, REDIS_CLUSTER_NODES: 'a:99999' }, /port/],
  ['REDIS_CLUSTER_NODES', { ...CLUSTER, REDIS_CLUSTER_NODES: ' , ' }, /at least one/],
  ['REDIS_PASSWORD', { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PASSWORD: 'x' }, /in REDIS_URL/],
  ['REDIS_TLS', { REDIS_TLS: '1' }, /rediss:\/\//],
  ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }, /redis:\/\/ or rediss:\/\//],
  ['REDIS_MIN_REPLICAS_ACK', { REDIS_MIN_REPLICAS_ACK: '-1' }, /./],
])('R80: a bad topology is refused in one line naming %s', (variable, env, detail) => {
  const message = refusal(env as Record<string, string>);
  expect(message.startsWith(`config: ${variable}: `)).toBe(true);
  expect(message).toMatch(detail);
  expect(message).not.toContain('\n');
});

it('R80: a prefix is a Cluster hash tag only when a non-empty {…} lies inside it', () => {
  expect(['{portflow}', '{p}:x', 'pf{x}'].filter(isHashTagPrefix)).toEqual(['{portflow}', '{p}:x', 'pf{x}']);
  expect(['portflow', '{}portflow', 'pf{', 'p}{'].filter(isHashTagPrefix)).toEqual([]);
});

it('R80: `portflow api` with two topologies stops at once with one line naming them (exit 2)', () => {
  const root = join(__dirname, '..', '..');
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts', 'api'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_MASTER: 'portflow' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^portflow: config: REDIS_SENTINELS: REDIS_URL and REDIS_SENTINELS are both set/)]);
});

it('R80: the start-up summary names the Sentinel set or the Cluster in use, and no password', () => {
  const summaryOf = (env: Record<string, string>) =>
    startupSummary({ role: 'worker', config: loadConfig({ PIN_ENCRYPTION_KEY: 'a'.repeat(64), ...env }), apiUrl: null, configuredRedisUrl: 'redis://127.0.0.1:6379', devKey: null });
  const sentinel = summaryOf({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'portflow', REDIS_SENTINEL_PASSWORD: 'sentinel-s3cret', REDIS_PASSWORD: 'node-s3cret', REDIS_TLS: '1' });
  expect(sentinel).toContain('Redis:    Sentinel master "portflow" via s1:26379,s2:26379 (TLS)');
  expect(sentinel).not.toMatch(/s3cret/);
  expect(summaryOf(CLUSTER)).toContain('Redis:    Cluster 10.0.0.1:7000,10.0.0.2:7000');
});
