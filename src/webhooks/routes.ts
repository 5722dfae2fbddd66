import type { FastifyPluginAsync } from 'fastify';
import type {} from '@fastify/swagger'; // its FastifySchema fields (tags, summary) document these routes
import { z } from 'zod';
import type { RouteDocs } from '../api/openapi';
import type { Role } from '../config/config';
import { NotFoundError } from '../errors/NotFoundError';
import { ValidationError } from '../errors/ValidationError';
import { fromZodIssues } from '../orders/issues';
import type { DeliveryLog } from './deliveryLog';
import type { SubscriptionStore } from './SubscriptionStore';
import type { WebhookTools } from './tools';

export interface WebhookRoutesOptions {
  subscriptions: SubscriptionStore;
  log: DeliveryLog;
  /** R63: redelivery and ping. */
  tools: WebhookTools;
}

/** Every route of this plugin and the role it needs (SPEC §5: subscriptions are admin, ops only). */
export const webhookRoutePolicy: readonly { method: 'GET' | 'POST' | 'DELETE'; url: string; role: Role }[] = [
  { method: 'POST', url: '/v1/webhooks', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks/:id', role: 'ops' },
  { method: 'DELETE', url: '/v1/webhooks/:id', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks/:id/deliveries', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks/:id/dead-letters', role: 'ops' },
  { method: 'POST', url: '/v1/webhooks/:id/deliveries/:deliveryId/redeliver', role: 'ops' },
  { method: 'POST', url: '/v1/webhooks/:id/ping', role: 'ops' },
];

/** A delivery id is a BullMQ job id this module made (`wh-…`, `rd-…`); the bound keeps others away from Redis. */
const deliveryIdSchema = z.string().min(1).max(200).regex(/^[\w.-]+$/, 'is not a delivery id');

const logQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

type ById = { Params: { id: string } };

/**
 * `/v1/webhooks`: subscriptions, their delivery log and their dead letters. Inputs are validated with
 * zod and refused with thrown ValidationError/NotFoundError: the server's error handler shapes them.
 * `docs` only documents the routes (SPEC §5: body, answers, codes); Fastify validates nothing with it.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (app, { subscriptions, log, tools }) => {
  const docs = (summary: string, answers: RouteDocs) => ({ schema: { tags: ['webhooks'], summary }, config: { docs: answers } });

  async function existing(id: string): Promise<string> {
    if ((await subscriptions.get(id)) === null) throw new NotFoundError('webhook subscription', id);
    return id;
  }

  function logLimit(query: unknown): number {
    const parsed = logQuerySchema.safeParse(query ?? {}, { reportInput: true });
    if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
    return parsed.data.limit;
  }

  app.post('/v1/webhooks', docs('Subscribe; the answer carries the signing secret, shown only this once', {
    body: 'WebhookSubscriptionInput',
    success: [201, 'CreatedWebhookSubscription'],
    errors: [400],
  }), async (request, reply) => {
    const created = await subscriptions.create(request.body);
    return reply.code(201).send(created);
  });

  app.get('/v1/webhooks', docs('List subscriptions (without secrets)', { success: [200, 'WebhookSubscriptionList'] }), async () => ({ items: await subscriptions.list() }));

  app.get<ById>('/v1/webhooks/:id', docs('One subscription (without its secret)', { success: [200, 'WebhookSubscription'], errors: [404] }), async (request) => {
    const subscription = await subscriptions.get(request.params.id);
    if (subscription === null) throw new NotFoundError('webhook subscription', request.params.id);
    return subscription;
  });

  app.delete<ById>('/v1/webhooks/:id', docs('Unsubscribe; queued deliveries are dropped', { success: [204, null], errors: [404] }), async (request, reply) => {
    if (!(await subscriptions.delete(request.params.id))) throw new NotFoundError('webhook subscription', request.params.id);
    await log.clear(request.params.id);
    return reply.code(204).send();
  });

  app.get<ById>('/v1/webhooks/:id/deliveries', docs('Delivery attempts, newest first', { success: [200, 'DeliveryAttemptList'], errors: [400, 404] }), async (request) => {
    const limit = logLimit(request.query);
    return { items: await log.attempts(await existing(request.params.id), limit) };
  });

  app.get<ById>('/v1/webhooks/:id/dead-letters', docs('Events that exhausted their attempts, newest first', { success: [200, 'DeadLetterList'], errors: [400, 404] }), async (request) => {
    const limit = logLimit(request.query);
    return { items: await log.deadLetters(await existing(request.params.id), limit) };
  });

  app.post<{ Params: { id: string; deliveryId: string } }>(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'redeliverWebhookDelivery',
        summary: 'R63: send a delivery’s event again as a new delivery (same event id, so receivers deduplicate)',
        params: {
          type: 'object',
          required: ['id', 'deliveryId'],
          properties: { id: { type: 'string', maxLength: 64 }, deliveryId: { type: 'string', maxLength: 200 } },
        },
      },
      config: { access: 'admin', docs: { success: [202, 'Redelivery'], errors: [400, 404] } },
    },
    async (request, reply) => {
      const parsed = deliveryIdSchema.safeParse(request.params.deliveryId);
      if (!parsed.success) throw new ValidationError([{ path: 'params.deliveryId', code: 'invalid_string', message: parsed.error.issues[0].message }]);
      return reply.code(202).send(await tools.redeliver(request.params.id, parsed.data));
    },
  );

  app.post<ById>(
    '/v1/webhooks/:id/ping',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'pingWebhook',
        summary: 'R63: send a signed `ping` now and answer how the receiver took it',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
      },
      config: { access: 'admin', docs: { success: [200, 'PingResult'], errors: [404] } },
    },
    async (request) => tools.ping(request.params.id),
  );
};
