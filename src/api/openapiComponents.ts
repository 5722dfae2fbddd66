import { z } from 'zod';
import { apiEventSchema } from '../orders/events';
import { orderInputSchema } from '../orders/orderInput';
import { orderViewSchema } from '../orders/view';
import { calendarCodes } from '../calendar/types';

/**
 * The schemas of the OpenAPI document (`components.schemas`). Bodies are validated by the engine
 * with zod, so the order, event and view schemas are generated from those same zod schemas and
 * cannot drift; these JSON schemas are documentation only (Fastify never validates with them).
 */

type JsonSchema = Record<string, unknown>;

/** zod → JSON Schema 2020-12 (the dialect of OpenAPI 3.1); transforms and refinements document their input side. */
function fromZod(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return json;
}

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const dateTime = { type: 'string', format: 'date-time' } as const;
const localDateTime = { type: 'string', format: 'date-time', description: 'The same instant in America/Denver, with its offset' } as const;
const date = { type: 'string', format: 'date' } as const;

/**
 * SPEC §1.4: the fields the accounts share (any order field) once, and one block per account with
 * its own account details and numbers; each block becomes one order.
 */
const accountBlock = orderInputSchema
  .pick({ account: true, numbers: true, remainingNumbers: true, newBillingTelephoneNumber: true, priDisconnect: true, customerReference: true })
  .strict();
const projectInput = orderInputSchema
  .omit({ account: true, numbers: true })
  .partial()
  .extend({ accounts: z.array(accountBlock).min(1).max(100) });

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', description: 'Stable; match on this, never on message' },
        message: { type: 'string' },
        details: {
          type: 'object',
          description: 'validation_failed: { issues: [{ path, code, message }] }; other codes: their context',
          additionalProperties: true,
        },
      },
    },
  },
};

const orderRef = { $ref: '#/components/schemas/OrderView' };

export const componentSchemas = {
  Error: errorSchema,
  OrderInput: fromZod(orderInputSchema, 'input'),
  OrderEvent: fromZod(apiEventSchema, 'input'),
  OrderView: fromZod(orderViewSchema, 'output'),
  OrderPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: orderRef }, nextCursor: nullable({ type: 'string' }) },
  },
  OrderCounts: {
    type: 'object',
    required: ['total', 'byState'],
    properties: {
      total: { type: 'integer', minimum: 0 },
      byState: { type: 'object', description: 'Every state, with 0 when empty', additionalProperties: { type: 'integer', minimum: 0 } },
    },
  },
  HistoryEntry: {
    type: 'object',
    required: ['seq', 'at', 'type', 'actor', 'from', 'to', 'payload'],
    properties: {
      seq: { type: 'integer' },
      at: dateTime,
      type: { type: 'string' },
      actor: { type: 'string', description: 'api:<role>, queue:commands, timer, cli…' },
      from: nullable({ type: 'string' }),
      to: { type: 'string' },
      payload: { description: 'The event payload, secrets redacted' },
    },
  },
  History: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/HistoryEntry' } } },
  },
  ProjectInput: fromZod(projectInput, 'input'),
  ProjectView: {
    type: 'object',
    required: ['id', 'createdAt', 'orders'],
    properties: { id: { type: 'string' }, createdAt: dateTime, orders: { type: 'array', items: orderRef } },
  },
  CalendarCheck: {
    type: 'object',
    required: ['startAt'],
    additionalProperties: false,
    properties: {
      startAt: { ...dateTime, description: 'With an offset: 2026-12-16T16:00:00Z or 2026-12-16T09:00:00-07:00' },
      offHours: { type: 'boolean' },
      acknowledgeRisk: { type: 'boolean' },
      focDate: nullable(date),
      windowEnd: nullable(dateTime),
    },
  },
  CalendarAnswer: {
    type: 'object',
    required: ['allowed', 'code', 'reason', 'standardHours', 'offHoursFee', 'warnings', 'local'],
    properties: {
      allowed: { type: 'boolean' },
      code: { type: 'string', enum: ['ok', ...calendarCodes], description: 'When several apply, the first in this list wins' },
      reason: { type: 'string' },
      standardHours: { type: 'boolean' },
      offHoursFee: { type: 'boolean' },
      warnings: { type: 'array', items: { type: 'string' } },
      local: localDateTime,
    },
  },
  OpenSlots: {
    type: 'object',
    required: ['slots'],
    properties: {
      slots: {
        type: 'array',
        items: {
          type: 'object',
          required: ['startAt', 'local', 'remaining'],
          properties: { startAt: dateTime, local: localDateTime, remaining: { type: 'integer', minimum: 0 } },
        },
      },
    },
  },
  EventFeed: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['cursor', 'orderId', 'seq', 'type', 'from', 'to', 'at'],
          properties: {
            cursor: { type: 'string' },
            orderId: { type: 'string' },
            seq: { type: 'integer' },
            type: { type: 'string' },
            from: nullable({ type: 'string' }),
            to: { type: 'string' },
            at: dateTime,
          },
        },
      },
      nextCursor: nullable({ type: 'string', description: 'Pass as `after` to continue; null when caught up' }),
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'version', 'redis'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      version: { type: 'string' },
      redis: {
        type: 'object',
        required: ['reachable'],
        properties: {
          reachable: { type: 'boolean' },
          latencyMs: { type: 'number' },
          maxmemoryPolicy: nullable({ type: 'string' }),
          error: { type: 'string' },
        },
      },
      queues: nullable({
        type: 'array',
        description: 'Backlog and consumers of each queue portflow works itself; null when Redis is down',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            waiting: { type: 'integer' },
            active: { type: 'integer' },
            delayed: { type: 'integer' },
            failed: { type: 'integer' },
            workers: { type: 'integer' },
          },
        },
      }),
      warnings: { type: 'array', items: { type: 'string' } },
    },
  },
} satisfies Record<string, JsonSchema>;

export type ComponentName = keyof typeof componentSchemas;
