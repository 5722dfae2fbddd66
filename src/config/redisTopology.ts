import { z } from 'zod';

/**
 * R80: where portflow's Redis is — one server, a Sentinel set, or a Cluster — read from the
 * environment. Exactly one of `REDIS_URL`, `REDIS_SENTINELS`, `REDIS_CLUSTER_NODES` may be set
 * (none: the local default of SPEC §6). `src/store/redis.ts` turns the result into connections.
 */

export interface RedisNode {
  host: string;
  port: number;
}

/** AUTH and TLS of the data nodes of a Sentinel set or a Cluster (a single Redis has them in its URL). */
export interface RedisNodeAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTopology =
  | { kind: 'single'; url: string }
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; masterName: string; sentinelPassword?: string } & RedisNodeAuth)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisNodeAuth);

/** `host:port` or `[ipv6]:port`. */
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\],]+):(\d{1,5})$/;

const redisNodes = z
  .string()
  .transform((value) => value.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
  .pipe(
    z
      .array(z.string().regex(HOST_PORT, 'expected host:port,… (e.g. "10.0.0.1:26379,10.0.0.2:26379")'))
      .min(1, 'expected at least one host:port')
      .max(64, 'at most 64 nodes'),
  )
  .transform((list) =>
    list.map((entry): RedisNode => {
      const [, host, port] = HOST_PORT.exec(entry)!;
      return { host: host.replace(/^\[|\]$/g, ''), port: Number(port) };
    }),
  )
  .refine((nodes) => nodes.every((node) => node.port >= 1 && node.port <= 65535), 'a port is outside 1–65535');

/** An empty variable counts as not set (docker compose passes `${VAR:-}` through as ''). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const tlsFlag = z.enum(['1', '0', 'true', 'false', '']).transform((v) => v === '1' || v === 'true');

/** The Redis variables of the environment schema (merged into it in config.ts). */
export const redisEnvShape = {
  REDIS_URL: optional(
    z
      .string()
      .url()
      .refine((url) => /^rediss?:\/\//.test(url), 'expected a redis:// or rediss:// URL'),
  ),
  REDIS_SENTINELS: optional(redisNodes),
  REDIS_SENTINEL_MASTER: optional(z.string().max(200)),
  REDIS_SENTINEL_PASSWORD: optional(z.string().max(512)),
  REDIS_CLUSTER_NODES: optional(redisNodes),
  /** AUTH and TLS of Sentinel or Cluster data nodes; with REDIS_URL they belong in the URL. */
  REDIS_USERNAME: optional(z.string().max(512)),
  REDIS_PASSWORD: optional(z.string().max(512)),
  REDIS_TLS: tlsFlag.default(false),
  /** R81: each commit waits for this many replicas (`WAIT`); 0 = do not wait. */
  REDIS_MIN_REPLICAS_ACK: z.coerce.number().int().min(0).max(16).default(0),
  /** How long a commit waits for REDIS_MIN_REPLICAS_ACK replicas before answering 503. */
  REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
};

type RedisEnv = z.infer<z.ZodObject<typeof redisEnvShape>> & { KEY_PREFIX: string; QUEUE_PREFIX: string };

/**
 * Whether every key that starts with `prefix` hashes to one Cluster slot: Redis hashes the text
 * between the first `{` and the next `}` when it is not empty, so that tag must lie inside the prefix.
 */
export function isHashTagPrefix(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open < 0) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}

const TOPOLOGY_VARIABLES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const;

/**
 * The cross-variable rules of R80, as zod issues naming the variable at fault: one topology only,
 * a Sentinel set names its master, Cluster prefixes are hash tags, node AUTH/TLS only where no URL
 * carries them.
 */
export function checkRedisTopology(env: RedisEnv, ctx: z.RefinementCtx): void {
  const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  const configured = TOPOLOGY_VARIABLES.filter((name) => env[name] !== undefined);
  if (configured.length > 1) {
    issue(configured[1], `${configured.join(' and ')} are both set: configure exactly one of ${TOPOLOGY_VARIABLES.join(', ')}`);
    return;
  }
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_MASTER) issue('REDIS_SENTINEL_MASTER', 'required with REDIS_SENTINELS: the name of the master the sentinels monitor');
  if (!env.REDIS_SENTINELS) {
    for (const name of ['REDIS_SENTINEL_MASTER', 'REDIS_SENTINEL_PASSWORD'] as const) {
      if (env[name] !== undefined) issue(name, 'only applies with REDIS_SENTINELS');
    }
  }
  if (env.REDIS_CLUSTER_NODES) {
    for (const name of ['KEY_PREFIX', 'QUEUE_PREFIX'] as const) {
      if (!isHashTagPrefix(env[name])) issue(name, `must be a hash tag such as {portflow} on Redis Cluster (REDIS_CLUSTER_NODES), got "${env[name]}"`);
    }
  }
  if (!env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) {
    for (const name of ['REDIS_USERNAME', 'REDIS_PASSWORD'] as const) {
      if (env[name] !== undefined) issue(name, 'only applies with REDIS_SENTINELS or REDIS_CLUSTER_NODES; a single Redis takes its user and password in REDIS_URL');
    }
    if (env.REDIS_TLS) issue('REDIS_TLS', 'only applies with REDIS_SENTINELS or REDIS_CLUSTER_NODES; a single Redis uses TLS with a rediss:// REDIS_URL');
  }
}

/** The local default of SPEC §6 when no topology is configured. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function redisTopologyOf(env: RedisEnv): RedisTopology {
  const auth: RedisNodeAuth = { username: env.REDIS_USERNAME, password: env.REDIS_PASSWORD, tls: env.REDIS_TLS };
  if (env.REDIS_SENTINELS) {
    return { kind: 'sentinel', sentinels: env.REDIS_SENTINELS, masterName: env.REDIS_SENTINEL_MASTER!, sentinelPassword: env.REDIS_SENTINEL_PASSWORD, ...auth };
  }
  if (env.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES, ...auth };
  return { kind: 'single', url: env.REDIS_URL ?? DEFAULT_REDIS_URL };
}
