import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { redisAnswers } from '../../src/store/redis';

/**
 * R80: real Redis topologies for tests, started from the machine's `redis-server` on free ports
 * (no Docker): a primary with replicas, a Sentinel set watching it, a Cluster of primaries. Each
 * node runs in a temp dir of its own; `destroy()` kills every node the group started and removes
 * the dirs.
 */
export interface RedisNodeProcess {
  port: number;
  url: string;
  pid: number;
  /** `kill -9`: the node is gone at once, as when its host dies. */
  crash(): Promise<void>;
}

interface NodeGroup {
  destroy(): Promise<void>;
}

/** Bases of every Redis node that must stay apart: ports and their cluster bus (port + 10000) stay below 65536. */
const PORT_RANGE = { from: 20_000, size: 20_000 };

async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port nothing listens on, whose cluster bus port (+10000) is free too. */
async function freeNodePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * PORT_RANGE.size);
    if ((await portFree(port)) && (await portFree(port + 10_000))) return port;
  }
  throw new Error('no free port pair for a redis-server');
}

class NodeLauncher implements NodeGroup {
  private readonly children = new Set<ChildProcess>();
  private readonly dirs: string[] = [];

  /** Starts `redis-server` with `args` (or a config file first) on a free port; resolves once it answers. */
  async launch(args: (port: number, dir: string) => string[]): Promise<RedisNodeProcess> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freeNodePort();
      const dir = mkdtempSync(join(tmpdir(), 'portflow-topology-'));
      this.dirs.push(dir);
      const child = spawn('redis-server', args(port, dir), { stdio: 'ignore', cwd: dir });
      this.children.add(child);
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      void exited.then(() => this.children.delete(child));
      const url = `redis://127.0.0.1:${port}`;
      for (let i = 0; i < 100 && this.children.has(child); i++) {
        if (await redisAnswers({ kind: 'single', url }, 500)) {
          return {
            port,
            url,
            pid: child.pid!,
            crash: async () => {
              child.kill('SIGKILL');
              await exited;
            },
          };
        }
        await sleep(50);
      }
      child.kill('SIGKILL');
      await exited;
    }
    throw new Error(`could not start redis-server ${args(0, '<dir>').join(' ')}`);
  }

  async destroy(): Promise<void> {
    await Promise.all(
      [...this.children].map(
        (child) =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      ),
    );
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** What every data node runs with: BullMQ's noeviction (R43), AOF, and a fast timer clock (hz 100). */
const DATA_NODE = (port: number, dir: string) => [
  '--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--hz', '100',
];

export interface ReplicatedRedis extends NodeGroup {
  primary: RedisNodeProcess;
  replicas: RedisNodeProcess[];
  /** Starts one more replica of the current primary. */
  addReplica(): Promise<RedisNodeProcess>;
}

/** A primary and `replicaCount` replicas, each replica in sync before this resolves. */
export async function startReplicatedRedis(replicaCount: number): Promise<ReplicatedRedis> {
  const launcher = new NodeLauncher();
  const primary = await launcher.launch(DATA_NODE);
  const group: ReplicatedRedis = {
    primary,
    replicas: [],
    async addReplica() {
      const replica = await launcher.launch((port, dir) => [...DATA_NODE(port, dir), '--replicaof', '127.0.0.1', String(primary.port)]);
      await waitForLink(replica.url);
      group.replicas.push(replica);
      return replica;
    },
    destroy: () => launcher.destroy(),
  };
  for (let i = 0; i < replicaCount; i++) await group.addReplica();
  return group;
}

async function waitForLink(replicaUrl: string): Promise<void> {
  const client = new Redis(replicaUrl);
  try {
    await eventually(async () => /master_link_status:up/.test(await client.info('replication')), 15_000, `replica ${replicaUrl} in sync`);
  } finally {
    client.disconnect();
  }
}

export interface SentinelSet extends NodeGroup {
  masterName: string;
  data: ReplicatedRedis;
  sentinels: RedisNodeProcess[];
  /** `REDIS_SENTINELS` for portflow. */
  env: Record<string, string>;
  /** The address the sentinels now give for the master. */
  currentPrimaryPort(): Promise<number>;
}

/**
 * A primary, `replicaCount` replicas and `sentinelCount` sentinels (`redis-server sentinel.conf
 * --sentinel`, quorum a majority). A primary is declared down after `downAfterMs`.
 */
export async function startSentinelSet(options: { replicaCount: number; sentinelCount: number; downAfterMs: number }): Promise<SentinelSet> {
  const masterName = 'portflow';
  const data = await startReplicatedRedis(options.replicaCount);
  const launcher = new NodeLauncher();
  const quorum = Math.floor(options.sentinelCount / 2) + 1;
  const sentinels: RedisNodeProcess[] = [];
  try {
    for (let i = 0; i < options.sentinelCount; i++) {
      sentinels.push(
        await launcher.launch(
          (port, dir) => {
            const conf = join(dir, 'sentinel.conf');
            writeFileSync(
              conf,
              [
                `port ${port}`,
                'bind 127.0.0.1',
                `dir ${dir}`,
                `sentinel monitor ${masterName} 127.0.0.1 ${data.primary.port} ${quorum}`,
                `sentinel down-after-milliseconds ${masterName} ${options.downAfterMs}`,
                `sentinel failover-timeout ${masterName} ${Math.max(5_000, options.downAfterMs * 5)}`,
                `sentinel parallel-syncs ${masterName} 1`,
              ].join('\n'),
            );
            return [conf, '--sentinel'];
          },
        ),
      );
    }
  } catch (error) {
    await launcher.destroy();
    await data.destroy();
    throw error;
  }
  const set: SentinelSet = {
    masterName,
    data,
    sentinels,
    env: { REDIS_SENTINELS: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','), REDIS_SENTINEL_MASTER: masterName },
    async currentPrimaryPort() {
      const client = new Redis(sentinels[0].port, '127.0.0.1');
      try {
        const [, port] = (await client.call('SENTINEL', 'get-master-addr-by-name', masterName)) as [string, string];
        return Number(port);
      } finally {
        client.disconnect();
      }
    },
    async destroy() {
      await launcher.destroy();
      await data.destroy();
    },
  };
  // Sentinels find the replicas through the primary and each other through hello messages.
  const client = new Redis(sentinels[0].port, '127.0.0.1');
  try {
    await eventually(
      async () => {
        const replicas = (await client.call('SENTINEL', 'replicas', masterName)) as unknown[];
        const peers = (await client.call('SENTINEL', 'sentinels', masterName)) as unknown[];
        return replicas.length === options.replicaCount && peers.length === options.sentinelCount - 1;
      },
      20_000,
      'sentinels to see every replica and each other',
    );
  } finally {
    client.disconnect();
  }
  return set;
}

export interface RedisCluster extends NodeGroup {
  nodes: RedisNodeProcess[];
  /** `REDIS_CLUSTER_NODES` for portflow. */
  nodesEnv: string;
}

/** A Cluster of `primaries` primaries and no replicas (`redis-cli --cluster create … --cluster-yes`). */
export async function startRedisCluster(primaries: number): Promise<RedisCluster> {
  const launcher = new NodeLauncher();
  try {
    const nodes = await Promise.all(
      Array.from({ length: primaries }, () =>
        launcher.launch((port, dir) => [...DATA_NODE(port, dir), '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '2000']),
      ),
    );
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 30_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
    for (const node of nodes) {
      const client = new Redis(node.port, '127.0.0.1');
      try {
        await eventually(async () => /cluster_state:ok/.test(String(await client.call('CLUSTER', 'INFO'))), 20_000, `cluster state ok on ${node.port}`);
      } finally {
        client.disconnect();
      }
    }
    return { nodes, nodesEnv: addresses.join(','), destroy: () => launcher.destroy() };
  } catch (error) {
    await launcher.destroy();
    throw error;
  }
}

async function eventually(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
