import { join } from 'node:path';
import type { Config } from '../config/config';
import type { RedisNode, RedisTopology } from '../config/redisTopology';
import type { ProcessRole } from './processes';

export interface StartupFacts {
  role: ProcessRole;
  config: Config;
  /** Where the API listens; null for a worker. */
  apiUrl: string | null;
  /** The configured Redis URL, before a private one may have replaced it. */
  configuredRedisUrl: string;
  /** The dev key when portflow made one (no API_KEYS), else null. */
  devKey: string | null;
}

/** A URL without its password: the summary is printed to a terminal and kept in logs. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

/** R80: a Sentinel set or a Cluster, by its nodes (their passwords are in other variables). */
function describeTopology(topology: Exclude<RedisTopology, { kind: 'single' }>): string {
  const nodes = (list: RedisNode[]) => list.map((node) => `${node.host}:${node.port}`).join(',');
  const tls = topology.tls ? ' (TLS)' : '';
  return topology.kind === 'sentinel' ? `Sentinel master "${topology.masterName}" via ${nodes(topology.sentinels)}${tls}` : `Cluster ${nodes(topology.nodes)}${tls}`;
}

/**
 * SPEC §6: what a newcomer needs after `npm start`, in one block: where the API, the docs and the
 * console are, the key to use, the Redis in use (and whether portflow started it) and where mail goes.
 */
export function startupSummary({ role, config, apiUrl, configuredRedisUrl, devKey }: StartupFacts): string {
  const redis =
    config.redis.kind !== 'single'
      ? describeTopology(config.redis)
      : config.redisUrl === configuredRedisUrl
        ? withoutPassword(config.redisUrl)
        : `${withoutPassword(config.redisUrl)} (a private redis-server, data in ${join(config.DATA_DIR, 'redis')}; nothing answered at ${configuredRedisUrl})`;
  const mail = config.SMTP_URL ? `SMTP ${withoutPassword(config.SMTP_URL)}` : `the dev mailbox, one .eml file per mail in ${join(config.DATA_DIR, 'mail')}/ (GET /v1/dev/mailbox)`;
  const lines: [string, string][] = [];
  if (apiUrl) {
    lines.push(['API', `${apiUrl}  (docs ${apiUrl}/docs)`], ['console', `${apiUrl}/console`]);
    if (devKey) lines.push(['API key', `${devKey}  (dev ops key, kept in ${join(config.DATA_DIR, 'dev-api-key')})`]);
  }
  lines.push(['Redis', redis], ['mail', mail]);
  if (config.SANDBOX) lines.push(['sandbox', 'on: the clock stands still between moves; move it with POST /v1/sandbox/clock']);
  return [`portflow ${role} is running`, ...lines.map(([label, value]) => `  ${`${label}:`.padEnd(9)} ${value}`)].join('\n');
}
