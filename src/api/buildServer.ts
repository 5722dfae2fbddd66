import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { version } from '../../package.json';
import type { Config } from '../config/config';
import type { PortflowEngine } from '../engine/types';
import { ApiKeyRing, authenticate, type SessionResolver } from './auth';
import { frameworkErrorHandler, registerErrorHandling } from './errors';
import { createLogger } from './logger';
import { createMetrics, type PortflowMetrics } from './metrics';
import { registerOpenApi } from './openapi';
import { registerEventFeedRoutes } from './routes/eventFeed';
import { registerHealthRoute } from './routes/health';
import { registerMetricsRoute } from './routes/metrics';
import { registerOrderCountRoute } from './routes/orderCounts';
import { registerPortingCalendarRoutes } from './routes/portingCalendar';
import { registerPortOrderRoutes } from './routes/portOrders';
import { registerPortProjectRoutes } from './routes/portProjects';

export interface ServerDeps {
  engine: PortflowEngine;
  config: Config;
  redis: Redis;
  /** Defaults to `createLogger(config)`; a logger of your own should redact like it does. */
  logger?: FastifyBaseLogger;
  /** Share one with the engine so `/metrics` shows its transition counters; defaults to a fresh one. */
  metrics?: PortflowMetrics;
  /**
   * Routes added inside the authenticated scope (webhooks, sandbox clock, dev mailbox). Each declares
   * `config.access`; one that does not is `admin` (ops only).
   */
  extraRoutes?: (app: FastifyInstance) => void;
  /** The queues `/health` reports on (backlog and workers); none when omitted. */
  healthQueues?: readonly Queue[];
  /** The console's sessions (R66): a signed-in person's cookie stands for their key. None: bearer tokens only. */
  sessions?: SessionResolver;
}

/** A client's own `x-request-id` is kept when it is a sane token, so its logs and ours line up. */
const clientRequestId = /^[\x21-\x7E]{1,64}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && clientRequestId.test(given) ? given : randomUUID();
}

/**
 * The HTTP API of SPEC §5, ready to `listen` (the caller chooses host and port, so tests use port 0).
 * Only `/health` is open; every other route, `/docs`, `/openapi.json` and `/metrics` included, needs a bearer key.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { engine, config, redis } = deps;
  const metrics = deps.metrics ?? createMetrics();

  const app = Fastify({
    loggerInstance: deps.logger ?? createLogger(config),
    bodyLimit: config.BODY_LIMIT_BYTES,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: requestIdOf,
    frameworkErrors: frameworkErrorHandler,
  });

  // JSON only: Fastify would also hand a text/plain body to the engine as a string.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.decorateRequest('actor', null);

  // SPEC §5: a key is checked on every route but /health — the docs and metrics included.
  app.addHook('onRequest', authenticate(new ApiKeyRing(config.API_KEYS ?? []), deps.sessions));
  await registerOpenApi(app, version);
  registerHealthRoute(app, redis, version, deps.healthQueues);
  registerMetricsRoute(app, metrics);

  await app.register(async (v1) => {
    registerPortOrderRoutes(v1, engine);
    registerOrderCountRoute(v1, engine);
    registerPortProjectRoutes(v1, engine);
    registerPortingCalendarRoutes(v1, engine);
    registerEventFeedRoutes(v1, engine);
    deps.extraRoutes?.(v1);
  });

  return app;
}
