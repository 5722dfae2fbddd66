import type { FastifyInstance } from 'fastify';
import { orderStates } from '../../../machines/types';
import type { OrderListQuery, PortflowEngine } from '../../engine/types';
import { orderKinds } from '../../orders/orderInput';
import { actorOf } from '../auth';
import { cursorParam, limitParam } from '../paging';
import { applyOptionsFrom, createHeadersSchema, etagOf, eventHeadersSchema, type WriteHeaders } from '../writeHeaders';

/** Ids are the server's (`po_` + ULID); the bound only keeps absurd path segments away from Redis keys. */
export const orderIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const listQuery = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: orderStates },
    kind: { type: 'string', enum: orderKinds },
    limit: limitParam,
    cursor: cursorParam,
    number: { type: 'string', pattern: '^\\+[1-9][0-9]{1,14}$', description: 'R62: orders holding this number (exact E.164), final ones too' },
    customerReference: { type: 'string', minLength: 1, maxLength: 200, description: 'R62: orders with this customer reference (exact)' },
    q: { type: 'string', minLength: 1, maxLength: 200, description: 'R62: company name or losing carrier starts with this (any case)' },
    needsAttention: {
      type: 'boolean',
      description: 'R62: rejected, at risk, FOC overdue, readiness unanswered, or toll-free window ending within 7 days',
    },
  },
} as const;

const historyQuery = {
  type: 'object',
  properties: { after: cursorParam, limit: limitParam },
} as const;

export interface OrderIdParams {
  id: string;
}

/** SPEC §5: port orders (create, read, list, events, history). */
export function registerPortOrderRoutes(app: FastifyInstance, engine: PortflowEngine): void {
  app.post<{ Headers: WriteHeaders }>(
    '/v1/port-orders',
    {
      schema: { summary: 'Create a port order (state draft)', tags: ['port orders'], headers: createHeadersSchema },
      config: { access: 'write', docs: { body: 'OrderInput', success: [201, 'OrderView'], errors: [400, 409, 422, 503] } },
    },
    async (request, reply) => {
      const view = await engine.createOrder(request.body, actorOf(request), applyOptionsFrom(request.headers));
      return reply.code(201).header('location', `/v1/port-orders/${view.id}`).header('etag', etagOf(view.version)).send(view);
    },
  );

  app.get<{ Querystring: OrderListQuery }>(
    '/v1/port-orders',
    {
      schema: {
        summary: 'List port orders, newest first; or search them (R62) by number, customer reference, name prefix or needing attention',
        description: 'At most one search filter at a time; state and kind narrow a search page by page.',
        tags: ['port orders'],
        querystring: listQuery,
      },
      config: { access: 'read', docs: { success: [200, 'OrderPage'], errors: [400] } },
    },
    async (request) => engine.listOrders(request.query),
  );

  app.get<{ Params: OrderIdParams }>(
    '/v1/port-orders/:id',
    {
      schema: { summary: 'Read a port order', tags: ['port orders'], params: orderIdParams },
      config: { access: 'read', docs: { success: [200, 'OrderView'], errors: [404] } },
    },
    async (request, reply) => {
      const view = await engine.getOrder(request.params.id);
      return reply.header('etag', etagOf(view.version)).send(view);
    },
  );

  app.post<{ Params: OrderIdParams; Headers: WriteHeaders }>(
    '/v1/port-orders/:id/events',
    {
      schema: {
        summary: 'Send an event to a port order',
        description: 'Refused events: 409 invalid_transition (state does not accept it), 422 rule_violation.',
        tags: ['port orders'],
        params: orderIdParams,
        headers: eventHeadersSchema,
      },
      config: { access: 'write', docs: { body: 'OrderEvent', success: [200, 'OrderView'], errors: [400, 404, 409, 422, 503] } },
    },
    async (request, reply) => {
      const view = await engine.apply(request.params.id, request.body, actorOf(request), applyOptionsFrom(request.headers));
      return reply.header('etag', etagOf(view.version)).send(view);
    },
  );

  app.get<{ Params: OrderIdParams; Querystring: { after?: string; limit: number } }>(
    '/v1/port-orders/:id/history',
    {
      schema: {
        summary: 'The history of a port order, oldest first, a page at a time',
        description: 'R55: pass `nextCursor` as `after` for the next page; a cursor not handed out is 400 invalid_cursor.',
        tags: ['port orders'],
        params: orderIdParams,
        querystring: historyQuery,
      },
      config: { access: 'read', docs: { success: [200, 'History'], errors: [400, 404] } },
    },
    async (request) => engine.historyPage(request.params.id, request.query),
  );
}
