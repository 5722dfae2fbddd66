import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  allowedEventsOf,
  createOrderMachines,
  runEvent,
  startOrder,
  type OrderMachine,
  type PersistedOrder,
} from '../../machines/runEvent';
import type { OrderEvent, OrderState } from '../../machines/types';
import type { Calendar, CalendarAnswer, OpenSlot } from '../calendar/types';
import { slotKey } from '../calendar';
import { PORTING_ZONE, type Clock } from '../clock/clock';
import type { Config } from '../config/config';
import { InvalidTransitionError } from '../errors/InvalidTransitionError';
import { NotFoundError } from '../errors/NotFoundError';
import { NumberInActiveOrderError } from '../errors/NumberInActiveOrderError';
import { RequestInProgressError } from '../errors/RequestInProgressError';
import { RuleViolationError } from '../errors/RuleViolationError';
import { ValidationError } from '../errors/ValidationError';
import { VersionConflictError } from '../errors/VersionConflictError';
import { isProject, portTypeFor } from '../orders/derive';
import { apiEventSchema, type ApiEvent } from '../orders/events';
import { newOrderId } from '../orders/ids';
import { fromZodIssues, type ValidationIssue } from '../orders/issues';
import type { OrderInput, OrderKind } from '../orders/orderInput';
import { sealOrder } from '../orders/sealOrder';
import { redact, type PinCipher } from '../orders/pin';
import { mergeOrderUpdate, validateOrderInput } from '../orders/validateOrder';
import { toOrderView } from '../orders/view';
import { assertNever } from '../util/assertNever';
import type { OrderStore } from '../store/OrderStore';
import type { CommitRequest } from '../store/types';
import { planCommit } from './commitPlan';
import { expandProject } from './projects';
import type {
  Actor,
  ApplyOptions,
  FeedEntryView,
  HistoryEntryView,
  OrderView,
  Page,
  PortflowEngine,
  ProjectView,
} from './types';

/**
 * R39: a transition computed from a stale version is recomputed, at most this many times. Each
 * round of a race has one winner, so the bound is sized for tens of writers on one order at once.
 */
const MAX_COMMIT_ATTEMPTS = 64;
/** R40: "at least 24 hours"; a little more so a client retrying at the 24 h mark still gets its answer. */
const IDEMPOTENCY_TTL_SECONDS = 25 * 3600;

export interface EngineMetrics {
  transition(kind: string, event: string, outcome: string): void;
  commitRetry(): void;
}

const noMetrics: EngineMetrics = { transition: () => undefined, commitRetry: () => undefined };

export interface EngineDeps {
  store: OrderStore;
  clock: Clock;
  calendar: Calendar;
  pins: PinCipher;
  config: Pick<Config, 'AUTO_PORT_REGIONS' | 'PORT_WINDOW_MINUTES'>;
  metrics?: EngineMetrics;
}

const calendarCheckSchema = z
  .object({
    startAt: z.iso.datetime({ offset: true }),
    offHours: z.boolean().optional(),
    acknowledgeRisk: z.boolean().optional(),
    focDate: z.iso.date().nullish(),
    windowEnd: z.iso.datetime({ offset: true }).nullish(),
  })
  .strict();

const slotsQuerySchema = z.object({ from: z.iso.date(), days: z.coerce.number().int().min(1).max(62) }).strict();

/** Parses `input` or throws a 400 `validation_failed` naming every field at fault. */
function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * The one path by which an order changes: load → pure machine transition → one atomic commit
 * (R38) with optimistic concurrency (R39) and idempotency (R40). HTTP, queue jobs, timers and
 * the CLI all come through here.
 */
export class Engine implements PortflowEngine {
  private readonly machines: Record<OrderKind, OrderMachine>;
  private readonly metrics: EngineMetrics;

  constructor(private readonly deps: EngineDeps) {
    this.machines = createOrderMachines({ calendar: deps.calendar, portWindowMinutes: deps.config.PORT_WINDOW_MINUTES });
    this.metrics = deps.metrics ?? noMetrics;
  }

  async createOrder(input: unknown, actor: Actor, options: ApplyOptions = {}): Promise<OrderView> {
    if (options.idempotencyKey) {
      const replay = await this.replayOf('create', options.idempotencyKey);
      if (replay) return replay as OrderView;
    }
    const now = await this.now();
    const order = this.validateNewOrder(input, now);
    return this.insertOrder(order, null, actor, now, options.idempotencyKey);
  }

  async createProject(input: unknown, actor: Actor, options: ApplyOptions = {}): Promise<ProjectView> {
    // Project keys live beside order-create keys: a key reused across the two must not cross over.
    const key = options.idempotencyKey ? `project:${options.idempotencyKey}` : undefined;
    if (key) {
      const replay = await this.replayOf('create', key);
      if (replay) return replay as ProjectView;
    }
    const now = await this.now();
    const orders = this.validateProjectOrders(expandProject(input), now);
    // The orders are created one commit each: the key is taken first, so a racing twin waits instead of creating a second project.
    if (key && !(await this.deps.store.claimIdempotent('create', key, IDEMPOTENCY_TTL_SECONDS))) {
      return (await this.replayOf('create', key)) as ProjectView;
    }
    try {
      const project = await this.deps.store.createProject(now.toISO()!);
      const created: OrderView[] = [];
      for (const order of orders) created.push(await this.insertOrder(order, project.id, actor, now));
      const view: ProjectView = { id: project.id, createdAt: project.createdAt, orders: created };
      if (key) await this.deps.store.rememberIdempotent('create', key, JSON.stringify(view), IDEMPOTENCY_TTL_SECONDS);
      return view;
    } catch (error) {
      if (key) await this.deps.store.releaseIdempotent('create', key);
      throw error;
    }
  }

  async apply(orderId: string, input: unknown, actor: Actor, options: ApplyOptions = {}): Promise<OrderView> {
    const event = parseOrThrow(apiEventSchema, input);
    if (options.idempotencyKey) {
      const replay = await this.replayOf(orderId, options.idempotencyKey);
      if (replay) return replay as OrderView;
    }
    return this.transition(orderId, actor, options, historyPayload(event), (persisted, stamp) =>
      this.toMachineEvent(event, persisted, stamp),
    );
  }

  /**
   * Feeds a durable timer back into its order (SPEC §3.6). A timer from an earlier visit of the
   * state is ignored by the machine; the answer says whether it changed anything.
   */
  async fireTimer(orderId: string, timer: Extract<OrderEvent, { type: 'TIMER' }>['timer'], visit: number): Promise<{ applied: boolean }> {
    try {
      await this.transition(orderId, { id: 'timer' }, {}, { timer, visit }, (_persisted, stamp) => ({ type: 'TIMER', timer, visit, ...stamp }));
      return { applied: true };
    } catch (error) {
      if (error instanceof InvalidTransitionError || error instanceof NotFoundError) return { applied: false };
      throw error;
    }
  }

  async getOrder(orderId: string): Promise<OrderView> {
    const stored = await this.deps.store.load(orderId);
    if (!stored) throw new NotFoundError('order', orderId);
    return this.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version);
  }

  async listOrders(query: { state?: string; kind?: string; limit?: number; cursor?: string }): Promise<Page<OrderView>> {
    const page = await this.deps.store.list({ state: query.state, kind: query.kind, limit: query.limit ?? 50, cursor: query.cursor });
    return {
      items: page.items.map((stored) => this.viewOf(JSON.parse(stored.snapshot) as PersistedOrder, stored.version)),
      nextCursor: page.nextCursor,
    };
  }

  async history(orderId: string): Promise<HistoryEntryView[]> {
    const entries = await this.deps.store.history(orderId);
    if (entries.length === 0 && !(await this.deps.store.load(orderId))) throw new NotFoundError('order', orderId);
    return entries;
  }

  async getProject(projectId: string): Promise<ProjectView> {
    const project = await this.deps.store.loadProject(projectId);
    if (!project) throw new NotFoundError('project', projectId);
    const orders = await Promise.all(project.orderIds.map((id) => this.getOrder(id)));
    return { id: project.id, createdAt: project.createdAt, orders };
  }

  async feed(query: { after?: string; limit?: number }): Promise<Page<FeedEntryView>> {
    return this.deps.store.feed(query.after, query.limit ?? 100);
  }

  async checkCalendar(input: unknown): Promise<CalendarAnswer> {
    const request = parseOrThrow(calendarCheckSchema, input);
    const startAt = DateTime.fromISO(request.startAt, { setZone: true });
    const booked = await this.deps.store.slotBookings([slotKey(startAt)]);
    return this.deps.calendar.checkPortStart(startAt, {
      offHours: request.offHours,
      acknowledgeRisk: request.acknowledgeRisk,
      focDate: request.focDate ?? null,
      windowEnd: request.windowEnd ?? null,
      asOf: await this.now(),
      bookedInSlot: booked.get(slotKey(startAt)) ?? 0,
    });
  }

  async openSlots(query: { from: string; days: number }): Promise<OpenSlot[]> {
    const { from, days } = parseOrThrow(slotsQuerySchema, query);
    const asOf = await this.now();
    const first = DateTime.fromISO(from, { zone: PORTING_ZONE });
    const booked = await this.deps.store.slotBookings(first.toMillis(), first.plus({ days }).toMillis());
    return this.deps.calendar.openSlots(from, days, booked, asOf);
  }

  // ---------------------------------------------------------------------------------------------

  /** The first answer to a repeated request (R40); a claim still in progress is a 409 to retry. */
  private async replayOf(scope: string, key: string): Promise<unknown> {
    const stored = await this.deps.store.readIdempotent(scope, key);
    if (stored === null) return null;
    if (stored === '') throw new RequestInProgressError(key);
    return JSON.parse(stored);
  }

  private async now(): Promise<DateTime> {
    await this.deps.clock.sync?.();
    return this.deps.clock.now();
  }

  /**
   * Every account block is validated before any order is created, and every problem is reported
   * (under `accounts[i].…`), including a number that two blocks claim: the orders are created one
   * commit each, so a refusal found halfway would leave a partial project behind.
   */
  private validateProjectOrders(blocks: unknown[], now: DateTime): OrderInput[] {
    const orders: OrderInput[] = [];
    const issues: ValidationIssue[] = [];
    const firstClaim = new Map<string, number>();
    blocks.forEach((block, index) => {
      const result = validateOrderInput(block, { today: now.setZone(PORTING_ZONE).toISODate()!, calendar: this.deps.calendar });
      if (!result.ok) {
        issues.push(...result.issues.map((issue) => ({ ...issue, path: `accounts[${index}].${issue.path}` })));
        return;
      }
      result.value.numbers.forEach((number, position) => {
        const claimedBy = firstClaim.get(number);
        if (claimedBy === undefined) firstClaim.set(number, index);
        else issues.push({ path: `accounts[${index}].numbers[${position}]`, code: 'duplicate_number', message: `is also in accounts[${claimedBy}]` });
      });
      orders.push(result.value);
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return orders;
  }

  private validateNewOrder(input: unknown, now: DateTime): OrderInput {
    const result = validateOrderInput(input, { today: now.setZone(PORTING_ZONE).toISODate()!, calendar: this.deps.calendar });
    if (!result.ok) throw new ValidationError(result.issues);
    return result.value;
  }

  private async insertOrder(order: OrderInput, projectId: string | null, actor: Actor, now: DateTime, idempotencyKey?: string): Promise<OrderView> {
    const id = newOrderId();
    const at = now.toUTC().toISO()!;
    const stored = sealOrder(order, this.deps.pins, null);
    const machine = this.machines[order.kind];
    const started = startOrder(machine, {
      id,
      kind: order.kind,
      projectId,
      order: stored,
      project: isProject(order.kind, order.numbers),
      portType: portTypeFor(order, this.deps.config.AUTO_PORT_REGIONS),
      at,
      seq: 1,
    });
    const view = this.viewOf(started.snapshot, 1);
    const request = planCommit({
      orderId: id,
      expectedVersion: 0,
      prevState: null,
      prevContext: null,
      result: { next: started.snapshot, effects: started.effects, state: 'draft' },
      history: { at, type: 'CREATE', actor: actor.id, payload: redact(order) },
      view,
      idempotency: idempotencyKey ? { key: idempotencyKey, response: JSON.stringify(view), ttlSeconds: IDEMPOTENCY_TTL_SECONDS } : undefined,
    });
    const committed = await this.commitOrThrow(request, false);
    // A twin request with the same Idempotency-Key committed first: its order is the answer.
    if (committed.outcome === 'replayed') return JSON.parse(committed.response) as OrderView;
    this.metrics.transition(order.kind, 'CREATE', 'accepted');
    return view;
  }

  /**
   * Load → transition → commit, recomputed on a version change (R39). `buildEvent` runs on every
   * attempt because an UPDATE merges over whatever is current.
   */
  private async transition(
    orderId: string,
    actor: Actor,
    options: ApplyOptions,
    payload: unknown,
    buildEvent: (persisted: PersistedOrder, stamp: { at: string; seq: number }) => OrderEvent,
  ): Promise<OrderView> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.deps.store.load(orderId);
      if (!stored) throw new NotFoundError('order', orderId);
      if (options.ifMatch !== undefined && stored.version !== options.ifMatch) {
        throw new VersionConflictError(orderId, options.ifMatch, stored.version);
      }
      const persisted = JSON.parse(stored.snapshot) as PersistedOrder;
      const machine = this.machines[persisted.context.kind];
      const at = (await this.now()).toUTC().toISO()!;
      const event = buildEvent(persisted, { at, seq: stored.version + 1 });
      const result = runEvent(machine, persisted, event);
      if (result.refusal) {
        this.metrics.transition(persisted.context.kind, event.type, 'rule_violation');
        throw new RuleViolationError(result.refusal);
      }
      if (!result.accepted) {
        this.metrics.transition(persisted.context.kind, event.type, 'invalid_transition');
        throw new InvalidTransitionError(orderId, stored.state, event.type, allowedEventsOf(machine, persisted));
      }
      const view = this.viewOf(result.next, stored.version + 1);
      const request = planCommit({
        orderId,
        expectedVersion: stored.version,
        prevState: stored.state as OrderState,
        prevContext: persisted.context,
        result,
        history: { at, type: event.type, actor: actor.id, payload },
        view,
        idempotency: options.idempotencyKey
          ? { key: options.idempotencyKey, response: JSON.stringify(view), ttlSeconds: IDEMPOTENCY_TTL_SECONDS }
          : undefined,
      });
      const committed = await this.commitOrThrow(request, options.ifMatch !== undefined || attempt >= MAX_COMMIT_ATTEMPTS);
      if (committed.outcome === 'retry') {
        this.metrics.commitRetry();
        // A little jitter, growing with the attempts, so that racing writers stop colliding in lockstep.
        await sleep(Math.random() * Math.min(20, attempt));
        continue;
      }
      if (committed.outcome === 'replayed') return JSON.parse(committed.response) as OrderView;
      this.metrics.transition(persisted.context.kind, event.type, 'accepted');
      return view;
    }
  }

  /**
   * Commits, translating the store's refusals into API errors: 'retry' on a lost race that may be
   * recomputed, 'replayed' with the first answer when a twin request with the same key got there first.
   */
  private async commitOrThrow(
    request: CommitRequest,
    lastAttempt: boolean,
  ): Promise<{ outcome: 'committed' | 'retry' } | { outcome: 'replayed'; response: string }> {
    const result = await this.deps.store.commit(request);
    if (result.ok) return { outcome: 'committed' };
    switch (result.reason) {
      case 'version_conflict':
        if (lastAttempt) throw new VersionConflictError(request.orderId, request.expectedVersion, result.storedVersion);
        return { outcome: 'retry' };
      case 'number_in_active_order':
        throw new NumberInActiveOrderError(result.number, result.orderId);
      case 'slot_full':
        throw new RuleViolationError({
          code: 'slot_full',
          rule: 'R19',
          message: 'That 15-minute slot already has as many coordinated ports as it can take; pick another slot.',
          details: { slot: result.slot },
        });
      case 'idempotent_replay':
        return { outcome: 'replayed', response: result.response };
      default:
        return assertNever(result);
    }
  }

  /** UPDATE is merged over the current order and re-validated whole; the rest pass through stamped. */
  private toMachineEvent(event: ApiEvent, persisted: PersistedOrder, stamp: { at: string; seq: number }): OrderEvent {
    if (event.type !== 'UPDATE') return { ...event, ...stamp } as OrderEvent;
    const current = persisted.context.order;
    const { type: _type, ...changes } = event;
    const merged = mergeOrderUpdate(current, changes);
    const today = DateTime.fromISO(stamp.at).setZone(PORTING_ZONE).toISODate()!;
    const result = validateOrderInput(merged, { today, calendar: this.deps.calendar, pinOnFile: current.account.pinCiphertext !== null });
    if (!result.ok) throw new ValidationError(result.issues);
    const order = sealOrder(result.value, this.deps.pins, current.account.pinCiphertext);
    return {
      type: 'UPDATE',
      order,
      project: isProject(order.kind, order.numbers),
      portType: portTypeFor(result.value, this.deps.config.AUTO_PORT_REGIONS),
      ...stamp,
    };
  }

  private viewOf(persisted: PersistedOrder, version: number): OrderView {
    const machine = this.machines[persisted.context.kind];
    const context = persisted.context;
    const state = stateOfValue(persisted.value);
    const sla = context.submittedAt
      ? this.deps.calendar.sla({
          kind: context.kind,
          project: context.project,
          country: context.order.country ?? 'US',
          submittedAt: context.submittedAt,
          requestedFocDate: context.order.requestedFocDate ?? null,
          releasedAt: context.window?.releasedAt ?? null,
        })
      : { responseDueBy: null, completionTargetBy: null, completionLatestBy: null };
    return toOrderView({
      context,
      state,
      stateDetail: stateDetailOfValue(persisted.value),
      version,
      allowedEvents: allowedEventsOf(machine, persisted),
      sla,
    }) as OrderView;
  }
}

function stateOfValue(value: PersistedOrder['value']): string {
  return typeof value === 'string' ? value : Object.keys(value)[0];
}

function stateDetailOfValue(value: PersistedOrder['value']): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0];
  return `${key}.${stateDetailOfValue(inner as PersistedOrder['value'])}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What history keeps of a request: what the caller sent, PIN-like fields redacted (R12). */
function historyPayload(event: ApiEvent): unknown {
  const { type: _type, ...payload } = event;
  return redact(payload);
}

