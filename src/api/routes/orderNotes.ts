import type { FastifyInstance } from 'fastify';
import type { NoteSystem } from '../../engine/systems/NoteSystem';
import { actorOf } from '../auth';
import { cursorParam, limitParam } from '../paging';
import { orderIdParams, type OrderIdParams } from './portOrders';

/** R50: a page of notes stays under 2 MB even when every note is 10,000 characters of 3-byte UTF-8. */
const noteLimitParam = { ...limitParam, maximum: 50, description: 'Page size, 1–50' } as const;

/** R60: `POST`/`GET /v1/port-orders/:id/notes`. */
export function registerOrderNoteRoutes(app: FastifyInstance, notes: NoteSystem): void {
  app.post<{ Params: OrderIdParams }>(
    '/v1/port-orders/:id/notes',
    {
      schema: {
        operationId: 'addPortOrderNote',
        summary: 'Add a note: internal, or customer (mailed to the contacts)',
        description: 'Publishes port_order.note_added (webhooks, change feed) outside the order’s seq; the order’s version does not change.',
        tags: ['port orders'],
        params: orderIdParams,
      },
      config: { access: 'write', docs: { body: 'NoteInput', success: [201, 'Note'], errors: [400, 404, 422] } },
    },
    async (request, reply) => reply.code(201).send(await notes.add(request.params.id, request.body, actorOf(request))),
  );

  app.get<{ Params: OrderIdParams; Querystring: { limit: number; cursor?: string } }>(
    '/v1/port-orders/:id/notes',
    {
      schema: {
        operationId: 'listPortOrderNotes',
        summary: 'The notes of an order, oldest first',
        tags: ['port orders'],
        params: orderIdParams,
        querystring: { type: 'object', properties: { limit: noteLimitParam, cursor: cursorParam } },
      },
      config: { access: 'read', docs: { success: [200, 'NotePage'], errors: [400, 404] } },
    },
    async (request) => notes.list(request.params.id, request.query),
  );
}
