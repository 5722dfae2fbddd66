import type { FastifyInstance } from 'fastify';
import type { PortflowEngine } from '../../engine/types';

const slotsQuery = {
  type: 'object',
  required: ['from'],
  properties: {
    from: { type: 'string', format: 'date', description: 'First day (America/Denver), YYYY-MM-DD' },
    days: { type: 'integer', minimum: 1, maximum: 62, default: 7 },
  },
} as const;

/** SPEC §2: the porting calendar, read-only (a check reserves nothing). */
export function registerPortingCalendarRoutes(app: FastifyInstance, engine: PortflowEngine): void {
  app.get<{ Querystring: { from: string; days: number } }>(
    '/v1/porting-calendar/slots',
    {
      schema: { summary: 'Open standard porting slots with their remaining capacity', tags: ['porting calendar'], querystring: slotsQuery },
      config: { access: 'read', docs: { success: [200, 'OpenSlots'], errors: [400] } },
    },
    async (request) => ({ slots: await engine.openSlots(request.query) }),
  );

  app.post(
    '/v1/porting-calendar/check',
    {
      schema: { summary: 'Would a port starting at startAt be allowed? (SPEC §2.3)', tags: ['porting calendar'] },
      config: { access: 'read', docs: { body: 'CalendarCheck', success: [200, 'CalendarAnswer'], errors: [400] } },
    },
    async (request) => engine.checkCalendar(request.body),
  );
}
