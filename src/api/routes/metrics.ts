import type { FastifyInstance } from 'fastify';
import type { PortflowMetrics } from '../metrics';

/** `GET /metrics` (read access: configure the scraper with a viewer key as its bearer token). */
export function registerMetricsRoute(app: FastifyInstance, metrics: PortflowMetrics): void {
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['operations'] }, config: { access: 'read' } },
    async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
