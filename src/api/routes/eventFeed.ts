import type { FastifyInstance } from 'fastify';
import type { PortflowEngine } from '../../engine/types';
import { cursorParam, limitParam } from '../paging';

const feedQuery = {
  type: 'object',
  properties: { after: cursorParam, limit: limitParam },
} as const;

/** SPEC §5 and R44: every accepted event in order, for integrations catching up. */
export function registerEventFeedRoutes(app: FastifyInstance, engine: PortflowEngine): void {
  app.get<{ Querystring: { after?: string; limit: number } }>(
    '/v1/events',
    {
      schema: { summary: 'Accepted events of every order, oldest first, after a cursor', tags: ['events'], querystring: feedQuery },
      config: { access: 'read', docs: { success: [200, 'EventFeed'], errors: [400] } },
    },
    async (request) => engine.feed(request.query),
  );
}
