import type { z } from 'zod';
import type { CalendarAnswer, OpenSlot } from '../../../src/calendar/types';
import type {
  Actor,
  ApplyOptions,
  FeedEntryView,
  HistoryEntryView,
  OrderCounts,
  OrderView,
  Page,
  PortflowEngine,
  ProjectView,
} from '../../../src/engine/types';
import { NotFoundError } from '../../../src/errors/NotFoundError';
import { ValidationError } from '../../../src/errors/ValidationError';
import { apiEventSchema } from '../../../src/orders/events';
import { fromZodIssues } from '../../../src/orders/issues';
import { orderInputSchema } from '../../../src/orders/orderInput';

/**
 * A stand-in for the engine, used ONLY by the auth and error-shape tests of the HTTP layer while
 * the real engine is being written (the route tests against the real engine are the lead's). It
 * checks bodies with the same zod schemas the engine uses, so malformed input ends as the engine's
 * `ValidationError`, and it records what the HTTP layer handed it (actor, If-Match, Idempotency-Key).
 */

export interface EngineCall {
  method: keyof PortflowEngine;
  actor?: Actor;
  options?: ApplyOptions;
  args: unknown[];
}

const knownOrderId = 'po_01KNOWN';
const knownProjectId = 'pp_01KNOWN';

function parsed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fromZodIssues(result.error.issues));
  return result.data;
}

const view = (id: string, version = 1): OrderView => ({ id, state: 'draft', version });

export class FakeEngine implements PortflowEngine {
  static readonly orderId = knownOrderId;
  static readonly projectId = knownProjectId;

  readonly calls: EngineCall[] = [];
  /** When set, every call throws it (to see how the HTTP layer answers an engine failure). */
  failure: Error | null = null;

  private record(call: EngineCall): void {
    this.calls.push(call);
    if (this.failure) throw this.failure;
  }

  private order(id: string): OrderView {
    if (id !== knownOrderId) throw new NotFoundError('order', id);
    return view(id, 7);
  }

  async createOrder(input: unknown, actor: Actor, options?: ApplyOptions): Promise<OrderView> {
    this.record({ method: 'createOrder', actor, options, args: [input] });
    parsed(orderInputSchema, input);
    return view(knownOrderId);
  }

  async createProject(input: unknown, actor: Actor, options?: ApplyOptions): Promise<ProjectView> {
    this.record({ method: 'createProject', actor, options, args: [input] });
    if (typeof input !== 'object' || input === null || !('accounts' in input)) {
      throw new ValidationError([{ path: 'accounts', code: 'required', message: 'is required' }]);
    }
    return { id: knownProjectId, createdAt: '2026-12-01T16:00:00.000Z', orders: [view(knownOrderId)] };
  }

  async apply(orderId: string, event: unknown, actor: Actor, options?: ApplyOptions): Promise<OrderView> {
    this.record({ method: 'apply', actor, options, args: [orderId, event] });
    parsed(apiEventSchema, event);
    const current = this.order(orderId);
    return { ...current, version: current.version + 1 };
  }

  async getOrder(orderId: string): Promise<OrderView> {
    this.record({ method: 'getOrder', args: [orderId] });
    return this.order(orderId);
  }

  async listOrders(query: { state?: string; kind?: string; limit?: number; cursor?: string }): Promise<Page<OrderView>> {
    this.record({ method: 'listOrders', args: [query] });
    return { items: [view(knownOrderId)], nextCursor: null };
  }

  async countOrders(query: { kind?: string }): Promise<OrderCounts> {
    this.record({ method: 'countOrders', args: [query] });
    return { total: 1, byState: { draft: 1 } };
  }

  async historyPage(orderId: string, query: { after?: string; limit?: number }): Promise<Page<HistoryEntryView>> {
    this.record({ method: 'historyPage', args: [orderId, query] });
    this.order(orderId);
    return { items: [{ seq: 1, at: '2026-12-01T16:00:00.000Z', type: 'CREATE', actor: 'api:integration', from: null, to: 'draft', payload: {} }], nextCursor: null };
  }

  async getProject(projectId: string): Promise<ProjectView> {
    this.record({ method: 'getProject', args: [projectId] });
    if (projectId !== knownProjectId) throw new NotFoundError('project', projectId);
    return { id: knownProjectId, createdAt: '2026-12-01T16:00:00.000Z', orders: [view(knownOrderId)] };
  }

  async feed(query: { after?: string; limit?: number }): Promise<Page<FeedEntryView>> {
    this.record({ method: 'feed', args: [query] });
    return { items: [], nextCursor: null };
  }

  async checkCalendar(input: unknown): Promise<CalendarAnswer> {
    this.record({ method: 'checkCalendar', args: [input] });
    if (typeof input !== 'object' || input === null || typeof (input as { startAt?: unknown }).startAt !== 'string') {
      throw new ValidationError([{ path: 'startAt', code: 'required', message: 'is required' }]);
    }
    return {
      allowed: true,
      code: 'ok',
      reason: 'Standard porting hours',
      standardHours: true,
      offHoursFee: false,
      warnings: [],
      local: '2026-12-16T09:00:00-07:00',
    };
  }

  async openSlots(query: { from: string; days: number }): Promise<OpenSlot[]> {
    this.record({ method: 'openSlots', args: [query] });
    return [{ startAt: '2026-12-16T14:00:00.000Z', local: '2026-12-16T07:00:00-07:00', remaining: 4 }];
  }

  lastCall(): EngineCall {
    const call = this.calls.at(-1);
    if (!call) throw new Error('the engine was not called');
    return call;
  }
}
