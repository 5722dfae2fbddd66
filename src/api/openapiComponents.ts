import { z } from 'zod';
import { apiEventSchema } from '../orders/events';
import { orderInputSchema } from '../orders/orderInput';
import { acceptedContentTypes, documentTypes } from '../documents/documentTypes';
import { noteInputSchema, noteVisibilities } from '../notes/noteInput';
import { rejectionReasonCodes } from '../orders/rejectionCatalog';
import { orderViewSchema } from '../orders/view';
import { calendarCodes } from '../calendar/types';
import { subscriptionInputSchema } from '../webhooks/subscriptionInput';

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
/** `{ items: [...] }`: the shape of the webhook module's lists. */
const itemsOf = (item: JsonSchema): JsonSchema => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: item } } });
const webhookSubscription = {
  type: 'object',
  required: ['id', 'url', 'events', 'createdAt'],
  properties: {
    id: { type: 'string' },
    url: { type: 'string', format: 'uri' },
    events: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
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

const documentSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'orderId', 'type', 'filename', 'contentType', 'size', 'sha256', 'uploadedBy', 'uploadedAt'],
  properties: {
    id: { type: 'string' },
    orderId: { type: 'string' },
    type: { type: 'string', enum: [...documentTypes] },
    filename: { type: 'string', description: 'As uploaded, without any path' },
    contentType: { type: 'string', enum: [...acceptedContentTypes], description: 'Recognised from the content' },
    size: { type: 'integer' },
    sha256: { type: 'string', description: 'Hex SHA-256 of the content' },
    uploadedBy: { type: 'string' },
    uploadedAt: dateTime,
  },
};

const noteSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'orderId', 'text', 'visibility', 'author', 'createdAt'],
  properties: {
    id: { type: 'string' },
    orderId: { type: 'string' },
    text: { type: 'string', description: 'Up to 10,000 characters; line feeds allowed' },
    visibility: { type: 'string', enum: [...noteVisibilities] },
    author: {
      type: 'object',
      required: ['role', 'name'],
      properties: { role: { type: 'string' }, name: { type: 'string', description: 'The actor, e.g. api:ops' } },
    },
    createdAt: dateTime,
  },
};
const orderViewSlaSchema = fromZod(orderViewSchema.shape.sla, 'output');

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
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/HistoryEntry' } }, nextCursor: nullable({ type: 'string' }) },
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
      asOf: { ...nullable(dateTime), description: 'Answer as if asked at this instant (default: now)' },
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
          required: ['cursor', 'orderId', 'seq', 'type', 'event', 'from', 'to', 'at'],
          properties: {
            cursor: { type: 'string' },
            orderId: { type: 'string' },
            seq: { type: 'integer', description: 'Contiguous per order: every accepted event is in the feed (R44)' },
            type: { type: 'string', enum: ['port_order.state_changed', 'port_order.updated'] },
            event: { type: 'string', description: 'The accepted event: CREATE, SUBMIT, RESCHEDULE, TIMER…' },
            from: nullable({ type: 'string' }),
            to: { type: 'string' },
            at: dateTime,
          },
        },
      },
      nextCursor: nullable({ type: 'string', description: 'Pass as `after` to continue; null when caught up' }),
    },
  },
  NoteInput: fromZod(noteInputSchema, 'input'),
  Note: noteSchema,
  NotePage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Note' } },
      nextCursor: nullable({ type: 'string', description: 'Pass as `cursor` to continue; null on the last page' }),
    },
  },
  Redelivery: {
    type: 'object',
    required: ['deliveryId', 'redeliveryOf', 'eventId', 'eventType'],
    properties: {
      deliveryId: { type: 'string', description: 'The new delivery (its attempts show in the delivery log under this id)' },
      redeliveryOf: { type: 'string' },
      eventId: { type: 'string', description: 'The same event id as the first delivery' },
      eventType: { type: 'string' },
    },
  },
  PingResult: {
    type: 'object',
    required: ['eventId', 'delivered'],
    properties: {
      eventId: { type: 'string' },
      delivered: { type: 'boolean', description: 'The receiver answered 2xx within 5 s' },
      httpStatus: { type: 'integer' },
      error: { type: 'string', description: 'When not delivered, the coarse outcome the delivery log also keeps (R53): http_<status>, timeout, connect_failed, tls_failed, refused_target' },
    },
  },
  DocumentUpload: {
    type: 'object',
    required: ['type', 'file'],
    description: 'multipart/form-data: the `type` field first, then the file',
    properties: {
      type: { type: 'string', enum: [...documentTypes] },
      file: { type: 'string', format: 'binary', description: 'PDF, PNG, JPEG or TIFF (recognised by content), at most 10 MB' },
    },
  },
  Document: documentSchema,
  DocumentList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Document' } } } },
  RejectionCatalog: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'summary', 'fields', 'hint'],
          properties: {
            code: { type: 'string', enum: [...rejectionReasonCodes], description: 'REJECT’s `reasonCode`' },
            summary: { type: 'string', description: 'What the losing carrier said, for the desk' },
            fields: { type: 'array', items: { type: 'string' }, description: 'Order input paths at fault: REJECT’s default `fields`' },
            hint: { type: 'string', description: 'The words the customer gets (rejection notice, `lastRejection.hint`)' },
          },
        },
      },
    },
  },
  DryRunAnswer: {
    type: 'object',
    required: ['valid', 'issues', 'derived'],
    properties: {
      valid: { type: 'boolean', description: 'True when the order could be created and then submitted as it is' },
      issues: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'code', 'message', 'blocks'],
          properties: {
            path: { type: 'string' },
            code: { type: 'string' },
            message: { type: 'string' },
            blocks: { type: 'string', enum: ['create', 'submit'], description: 'create: R1–R11 refuse the create; submit: R25 refuses SUBMIT' },
          },
        },
      },
      derived: nullable({
        type: 'object',
        description: 'null when the input does not have the shape of an order',
        required: ['kind', 'project', 'portType', 'sla'],
        properties: {
          kind: { type: 'string' },
          project: { type: 'boolean' },
          portType: { type: 'string', enum: ['auto', 'coordinated'] },
          sla: { ...orderViewSlaSchema, description: 'As if the order were submitted now' },
        },
      }),
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
      outbox: nullable({
        type: 'object',
        description: 'R58: the age of the oldest outbox entry not relayed yet (0 when none); a warning over 60 s',
        properties: { oldestEntryAgeMs: { type: 'integer' } },
      }),
      warnings: { type: 'array', items: { type: 'string' } },
    },
  },
  WebhookSubscriptionInput: fromZod(subscriptionInputSchema, 'input'),
  WebhookSubscription: webhookSubscription,
  CreatedWebhookSubscription: {
    ...webhookSubscription,
    required: [...webhookSubscription.required, 'secret'],
    properties: { ...webhookSubscription.properties, secret: { type: 'string', description: 'The signing secret, shown only in this answer' } },
  },
  WebhookSubscriptionList: itemsOf(webhookSubscription),
  DeliveryAttemptList: itemsOf({
    type: 'object',
    required: ['deliveryId', 'orderId', 'seq', 'attempt', 'status', 'at'],
    properties: {
      deliveryId: { type: 'string' },
      orderId: { type: 'string' },
      seq: { type: 'integer' },
      attempt: { type: 'integer' },
      status: { type: 'string', enum: ['delivered', 'failed', 'dead'] },
      httpStatus: { type: 'integer' },
      error: { type: 'string', description: 'R53 coarse outcome: http_<status>, timeout, connect_failed, tls_failed or refused_target' },
      at: dateTime,
    },
  }),
  DeadLetterList: itemsOf({
    type: 'object',
    required: ['deliveryId', 'event', 'attempts', 'lastError', 'at'],
    properties: {
      deliveryId: { type: 'string' },
      event: { type: 'object', description: 'The whole webhook body that was not delivered' },
      attempts: { type: 'integer' },
      lastError: { type: 'string' },
      at: dateTime,
    },
  }),
  SandboxClockMove: { type: 'object', required: ['now'], additionalProperties: false, properties: { now: { ...dateTime, description: 'Forward only' } } },
  SandboxClock: { type: 'object', required: ['now'], properties: { now: dateTime } },
  DevMailbox: { type: 'object', required: ['messages'], properties: { messages: { type: 'array', items: { type: 'object' } } } },
  DevMail: {
    type: 'object',
    required: ['file', 'messageId', 'subject', 'to', 'date', 'text', 'calendar'],
    properties: {
      file: { type: 'string' },
      messageId: { type: 'string' },
      subject: { type: 'string' },
      to: { type: 'string' },
      date: { type: 'string', format: 'date-time' },
      text: { type: 'string', description: 'The plain-text part' },
      calendar: { type: ['string', 'null'], description: 'The meeting invite (text/calendar part), if the mail carries one' },
    },
  },
} satisfies Record<string, JsonSchema>;

export type ComponentName = keyof typeof componentSchemas;
