import type { FastifyInstance } from 'fastify';
import type { PortflowMetrics } from '../metrics';

/** `GET /metrics` (open, like most Prometheus targets: keep the port off the public network). */
export function registerMetricsRoute(app: FastifyInstance, metrics: PortflowMetrics): void {
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['operations'] }, config: { access: 'open' } },
    async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
