import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { RedisClient } from '../store/redis';
import { version } from '../../package.json';
import type { Config } from '../config/config';
import type { PortflowEngine } from '../engine/types';
import { ApiKeyRing, authenticate, type SessionResolver } from './auth';
import { answerClientError, frameworkErrorHandler, registerErrorHandling } from './errors';
import { registerJsonBodyParser } from './jsonBody';
import { createLogger } from './logger';
import { registerDomainMetrics } from './domainMetrics';
import { createMetrics, type PortflowMetrics } from './metrics';
import { registerOpenApi } from './openapi';
import { registerWriteRateLimit } from './rateLimit';
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
  redis: RedisClient;
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
  /** R58: the age in ms of the oldest outbox entry not relayed yet, for `/health`; not reported when omitted. */
  outboxAgeMs?: () => Promise<number>;
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
 * `/health` is open, and so are `/docs` and `/openapi.json` unless `DOCS_PUBLIC=0`; every other route,
 * `/metrics` included, needs a bearer key.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { engine, config, redis } = deps;
  const metrics = deps.metrics ?? createMetrics();

  const app = Fastify({
    loggerInstance: deps.logger ?? createLogger(config),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // R51: headers and body within REQUEST_TIMEOUT_MS (30 s), or 408 and the connection closed. Node checks
    // its connections every `connectionsCheckingInterval`, so that is kept well under the deadline.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, config.REQUEST_TIMEOUT_MS / 2),
    },
    clientErrorHandler: answerClientError,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: requestIdOf,
    frameworkErrors: frameworkErrorHandler,
  });

  registerJsonBodyParser(app);
  registerErrorHandling(app);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Orders, history, projects, events, the mailbox: personal data that no cache may keep. Only the
    // open routes (health, docs) hold none.
    if (request.routeOptions.config?.access !== 'open') void reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.decorateRequest('actor', null);

  // SPEC §5: a key (or a console session) is checked on every route but the open ones (/health, the docs unless DOCS_PUBLIC=0).
  app.addHook('onRequest', authenticate(new ApiKeyRing(config.API_KEYS ?? []), deps.sessions));
  await registerWriteRateLimit(app, redis, { perMinute: config.RATE_LIMIT_WRITES_PER_MINUTE, keyPrefix: config.KEY_PREFIX });
  await registerOpenApi(app, version, { docsPublic: config.DOCS_PUBLIC });
  registerHealthRoute(app, redis, version, deps.healthQueues, deps.outboxAgeMs);
  registerMetricsRoute(app, metrics);
  registerDomainMetrics(metrics.registry, { redis, prefix: config.KEY_PREFIX, queues: deps.healthQueues ?? [] });

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
