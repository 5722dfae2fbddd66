import type { FastifyInstance } from 'fastify';
import type { PortflowEngine } from '../../engine/types';
import { orderKinds } from '../../orders/orderInput';

/**
 * `GET /v1/port-orders/counts`: orders per state, for the console's board (R66) and dashboards.
 * One ZCARD per state index, so it costs the same with 100 or 100,000 orders.
 */
export function registerOrderCountRoute(app: FastifyInstance, engine: PortflowEngine): void {
  app.get<{ Querystring: { kind?: string } }>(
    '/v1/port-orders/counts',
    {
      schema: {
        operationId: 'countPortOrders',
        summary: 'Count port orders per state',
        tags: ['port orders'],
        querystring: { type: 'object', properties: { kind: { type: 'string', enum: orderKinds } }, additionalProperties: false },
      },
      config: { access: 'read', docs: { success: [200, 'OrderCounts'], errors: [400] } },
    },
    async (request) => engine.countOrders(request.query),
  );
}
