import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisNodeAuth, RedisTopology } from '../config/redisTopology';

/** A connection to portflow's Redis, whatever its topology (R80): one server or a Sentinel set (`Redis`), or a Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectionOptions {
  /**
   * BullMQ's blocking connections (Worker, QueueEvents) require `maxRetriesPerRequest: null`;
   * plain store connections keep ioredis' default so a dead Redis fails a request instead of hanging it.
   */
  forBullMQ?: boolean;
  /** Shown by CLIENT LIST, to tell the service's connections apart. */
  connectionName?: string;
  /** A one-shot probe: one connection attempt, no retries, no reconnects. */
  probe?: { timeoutMs: number };
}

/**
 * R81: after a failover the old primary, back as a replica, answers writes with READONLY. Reconnect
 * (with Sentinel, ioredis asks the sentinels for the new primary; behind a DNS name, the name may
 * point elsewhere by now), and fail that one command (1) rather than resend it (2): pointed at a
 * replica for good, resending would loop forever. The caller retries, with its Idempotency-Key.
 */
function reconnectOnReadonly(error: Error): 1 | false {
  return error.message.startsWith('READONLY') ? 1 : false;
}

/** Reconnect attempts back off up to 2 s and never stop: a failover or a restart may take a while. */
function retryForever(attempt: number): number {
  return Math.min(attempt * 100, 2_000);
}

function connectionOptions(opts: RedisConnectionOptions): RedisOptions {
  if (opts.probe) {
    return { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: opts.probe.timeoutMs, enableOfflineQueue: false };
  }
  return {
    // Connect right away (not lazily), so a bad address shows at start, not at the first request.
    lazyConnect: false,
    connectionName: opts.connectionName,
    retryStrategy: retryForever,
    reconnectOnError: reconnectOnReadonly,
    ...(opts.forBullMQ ? { maxRetriesPerRequest: null } : {}),
  };
}

function nodeAuth({ username, password, tls }: RedisNodeAuth): RedisOptions {
  return { username, password, ...(tls ? { tls: {} } : {}) };
}

/**
 * The one place portflow opens a Redis connection (R80). The API, the workers, the relay, BullMQ's
 * queues and workers, the sandbox clock and the start-up probe all come through here, so each
 * topology and its AUTH/TLS settings apply everywhere alike.
 */
export function createRedis(topology: RedisTopology, opts: RedisConnectionOptions = {}): RedisClient {
  const options = connectionOptions(opts);
  switch (topology.kind) {
    case 'single':
      // The URL carries user, password and TLS (rediss://).
      return new Redis(topology.url, options);
    case 'sentinel':
      return new Redis({
        ...options,
        ...nodeAuth(topology),
        sentinels: topology.sentinels,
        name: topology.masterName,
        sentinelPassword: topology.sentinelPassword,
        ...(topology.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
        // No `failoverDetector`: in ioredis it can disconnect while a reconnect is resolving the primary,
        // which ends the connection for good. A dead primary closes the socket, a demoted one answers
        // READONLY (reconnectOnReadonly): either way the connection asks the sentinels again.
        sentinelRetryStrategy: opts.probe ? () => null : retryForever,
      });
    case 'cluster': {
      const { lazyConnect, retryStrategy, ...redisOptions } = options;
      return new Cluster(topology.nodes, {
        lazyConnect,
        clusterRetryStrategy: retryStrategy,
        enableOfflineQueue: redisOptions.enableOfflineQueue,
        redisOptions: { ...redisOptions, ...nodeAuth(topology) },
      });
    }
  }
}

/** Whether Redis answers PING within `timeoutMs` (one try, no reconnects). */
export async function redisAnswers(topology: RedisTopology, timeoutMs = 1_000): Promise<boolean> {
  const probe = createRedis(topology, { probe: { timeoutMs } });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Another connection to the same Redis with the same options (for blocking reads that hold a connection). */
export function duplicateRedis(client: RedisClient): RedisClient {
  // Redis and Cluster each have a `duplicate()`, but their signatures differ, so TypeScript cannot call it on the union.
  return (client as Redis).duplicate();
}
