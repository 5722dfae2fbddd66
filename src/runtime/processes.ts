import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createLogger } from '../api/logger';
import { createMetrics, type PortflowMetrics } from '../api/metrics';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { checkEvictionPolicy } from '../store/redisPolicy';
import { startWorkers, type WorkerHost } from '../../workers/startWorkers';
import { devApiKeys } from './devApiKey';
import { ensureRedis } from './embeddedRedis';
import { buildPortflowServer } from './server';
import { createServices, type Services } from './services';
import { startupSummary } from './startupSummary';

export type ProcessRole = 'start' | 'api' | 'worker';

export interface RunningProcess {
  services: Services;
  app: FastifyInstance | null;
  workers: WorkerHost | null;
  /** What a person needs to use it (SPEC §6): API, console, key, Redis, mail. */
  summary: string;
  stop(): Promise<void>;
}

/**
 * SPEC §6: `portflow start` (API + workers), `portflow api`, `portflow worker`. Reads and
 * checks the configuration, makes sure Redis is there and safe for BullMQ (R43), then starts
 * what the role asks for. Nothing here is specific to one role except what it starts.
 */
export async function startProcess(role: ProcessRole, env: NodeJS.ProcessEnv = process.env): Promise<RunningProcess> {
  const baseConfig = loadConfig(env);
  const logger = createLogger(baseConfig);
  const say = (message: string) => logger.info(message);

  // A private redis-server stands in only for the default single Redis; Sentinel and Cluster are used as configured.
  const redis = baseConfig.redis.kind === 'single' ? await ensureRedis(baseConfig, say) : { url: baseConfig.redisUrl, child: null };
  const config: Config = baseConfig.redis.kind === 'single' ? { ...baseConfig, redisUrl: redis.url, redis: { kind: 'single', url: redis.url } } : baseConfig;
  let devKey: string | null = null;
  if (!config.API_KEYS && role !== 'worker') {
    config.API_KEYS = devApiKeys(config.DATA_DIR);
    devKey = config.API_KEYS[0].token;
    say(`API_KEYS is not set: development ops key ${devKey} (kept in ${config.DATA_DIR}/dev-api-key)`);
  }

  const metrics = createMetrics();
  const services = createServices(config, { metrics, warn: (message) => logger.warn(message) });
  const policy = await checkEvictionPolicy(services.redis, config.REDIS_EVICTION_POLICY_CHECK);
  if (policy.warning) logger.warn(policy.warning);

  const workers = role === 'api' ? null : startWorkers(services, logger as Logger);
  const app = role === 'worker' ? null : await listen(services, logger as Logger, metrics);
  const apiUrl = app ? apiUrlOf(app) : null;
  const summary = startupSummary({ role, config, apiUrl, configuredRedisUrl: baseConfig.redisUrl, devKey });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await app?.close();
      await workers?.close();
      await services.close();
      redis.child?.kill('SIGTERM');
    })());
  return { services, app, workers, summary, stop };
}

async function listen(services: Services, logger: Logger, metrics: PortflowMetrics): Promise<FastifyInstance> {
  const { config } = services;
  const app = await buildPortflowServer(services, { logger, metrics });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  logger.info(`portflow API listening on ${address} — docs at ${address}/docs${config.SANDBOX ? ' (sandbox clock on)' : ''}`);
  return app;
}

/** The URL a person types: a wildcard listen address is reached at 127.0.0.1. */
function apiUrlOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return String(address);
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Runs a role until SIGINT/SIGTERM, then shuts down gracefully (active jobs finish first). */
export async function runUntilSignalled(role: ProcessRole): Promise<void> {
  let running: RunningProcess;
  try {
    running = await startProcess(role);
  } catch (error) {
    // A bad configuration value stops the start with one line naming the variable (SPEC §6).
    process.stderr.write(`portflow: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  // For the person at the terminal, beside the JSON logs on stdout.
  process.stderr.write(`\n${running.summary}\n\n`);
  const shutdown = (signal: string) => {
    process.stderr.write(`portflow: ${signal}, shutting down\n`);
    void running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
