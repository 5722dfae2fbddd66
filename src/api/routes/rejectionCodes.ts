import type { FastifyInstance } from 'fastify';
import { rejectionCatalog } from '../../orders/rejectionCatalog';

/** R64: `GET /v1/rejection-codes`, the catalog REJECT's `reasonCode` takes. */
export function registerRejectionCodeRoutes(app: FastifyInstance): void {
  app.get(
    '/v1/rejection-codes',
    {
      schema: {
        operationId: 'listRejectionCodes',
        summary: 'The rejection catalog: each code, the order fields it points to and the words the customer gets',
        tags: ['port orders'],
      },
      config: { access: 'read', docs: { success: [200, 'RejectionCatalog'] } },
    },
    async () => ({ items: rejectionCatalog }),
  );
}
