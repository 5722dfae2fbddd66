import type { FastifyInstance } from 'fastify';
import type { OpenSlot } from '../../calendar/types';
import type { PortflowEngine } from '../../engine/types';

const slotsQuery = {
  type: 'object',
  required: ['from'],
  properties: {
    from: { type: 'string', format: 'date', description: 'First day (America/Denver), YYYY-MM-DD' },
    days: { type: 'integer', minimum: 1, maximum: 62, default: 7 },
  },
} as const;

/**
 * The engine hands out the same array for a repeated question while no booking changed
 * (`OpenSlotsCache`), so its JSON — ~100 KB at 62 days, most of a request's CPU — is made once.
 */
const serializedSlots = new WeakMap<readonly OpenSlot[], string>();

/** SPEC §2: the porting calendar, read-only (a check reserves nothing). */
export function registerPortingCalendarRoutes(app: FastifyInstance, engine: PortflowEngine): void {
  app.get<{ Querystring: { from: string; days: number } }>(
    '/v1/porting-calendar/slots',
    {
      schema: { summary: 'Open standard porting slots with their remaining capacity', tags: ['porting calendar'], querystring: slotsQuery },
      config: { access: 'read', docs: { success: [200, 'OpenSlots'], errors: [400] } },
    },
    async (request, reply) => {
      const slots = await engine.openSlots(request.query);
      let body = serializedSlots.get(slots);
      if (body === undefined) {
        body = JSON.stringify({ slots });
        serializedSlots.set(slots, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
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
