import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { registerConsole, SessionStore } from '../../console';
import { buildServer } from '../api';
import type { PortflowMetrics } from '../api/metrics';
import { registerOrderDocumentRoutes } from '../api/routes/orderDocuments';
import { registerOrderNoteRoutes } from '../api/routes/orderNotes';
import { registerOrderValidationRoute } from '../api/routes/orderValidation';
import { registerRejectionCodeRoutes } from '../api/routes/rejectionCodes';
import { registerDevMailboxRoute, registerSandboxRoutes } from '../sandbox/routes';
import { DeliveryLog, WebhookTools, webhookKeys, webhookRoutes } from '../webhooks';
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
    // portflow-events is consumed by integrations, not by portflow: watched only when it is on (R55).
    healthQueues: services.queues.all().filter((queue) => queue !== services.queues.events || config.EVENTS_QUEUE),
    outboxAgeMs: () => services.relay.oldestEntryAgeMs(),
    extraRoutes: (v1) => {
      // The operations desk (SPEC §8): routes over the engine's desk systems.
      registerOrderValidationRoute(v1, services.engine.dryRun);
      registerRejectionCodeRoutes(v1);
      registerOrderNoteRoutes(v1, services.engine.notes);
      registerOrderDocumentRoutes(v1, services.engine.documents);
      const log = new DeliveryLog(services.redis, webhookKeys(config.KEY_PREFIX));
      void v1.register(webhookRoutes, {
        subscriptions: services.subscriptions,
        log,
        tools: new WebhookTools({ subscriptions: services.subscriptions, log, queue: services.queues.webhooks }),
      });
      if (services.sandbox) registerSandboxRoutes(v1, services.sandbox);
      if (!config.SMTP_URL) registerDevMailboxRoute(v1, config.DATA_DIR);
    },
    sessions,
  });
  await registerConsole(app, { services, sessions });
  return app;
}
