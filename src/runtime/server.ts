import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { registerConsole, SessionStore } from '../../console';
import { buildServer } from '../api';
import type { PortflowMetrics } from '../api/metrics';
import { registerDevMailboxRoute, registerSandboxRoutes } from '../sandbox/routes';
import { DeliveryLog, webhookKeys, webhookRoutes } from '../webhooks';
import type { Services } from './services';

/** The whole HTTP API of a portflow process: SPEC §5 routes plus webhooks, sandbox clock and dev mailbox; the console (R66). */
export async function buildPortflowServer(services: Services, options: { logger?: FastifyBaseLogger; metrics?: PortflowMetrics } = {}): Promise<FastifyInstance> {
  const { config } = services;
  const sessions = new SessionStore(services.redis, config.KEY_PREFIX);
  const app = await buildServer({
    engine: services.engine,
    config,
    redis: services.redis,
    logger: options.logger,
    metrics: options.metrics,
    // portflow-events is consumed by integrations, not by portflow: its workers are not ours to count.
    healthQueues: services.queues.all().filter((queue) => queue !== services.queues.events),
    extraRoutes: (v1) => {
      void v1.register(webhookRoutes, {
        subscriptions: services.subscriptions,
        log: new DeliveryLog(services.redis, webhookKeys(config.KEY_PREFIX)),
      });
      if (services.sandbox) registerSandboxRoutes(v1, services.sandbox);
      if (!config.SMTP_URL) registerDevMailboxRoute(v1, config.DATA_DIR);
    },
    sessions,
  });
  await registerConsole(app, { services, sessions });
  return app;
}
