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

export interface WebhookRoutesOptions {
  subscriptions: SubscriptionStore;
  log: DeliveryLog;
}

/** Every route of this plugin and the role it needs (SPEC §5: subscriptions are admin, ops only). */
export const webhookRoutePolicy: readonly { method: 'GET' | 'POST' | 'DELETE'; url: string; role: Role }[] = [
  { method: 'POST', url: '/v1/webhooks', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks/:id', role: 'ops' },
  { method: 'DELETE', url: '/v1/webhooks/:id', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks/:id/deliveries', role: 'ops' },
  { method: 'GET', url: '/v1/webhooks/:id/dead-letters', role: 'ops' },
];

const logQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

type ById = { Params: { id: string } };

/**
 * `/v1/webhooks`: subscriptions, their delivery log and their dead letters. Inputs are validated with
 * zod and refused with thrown ValidationError/NotFoundError: the server's error handler shapes them.
 * `docs` only documents the routes (SPEC §5: body, answers, codes); Fastify validates nothing with it.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (app, { subscriptions, log }) => {
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
};
