import { DateTime } from 'luxon';
import { allowedEventsOf, runEvent, startOrder, type PersistedOrder } from '../../../machines/runEvent';
import type { OrderEvent, OrderState } from '../../../machines/types';
import { denverWallClock } from '../../calendar/portingZone';
import { BusyError } from '../../errors/BusyError';
import { InvalidTransitionError } from '../../errors/InvalidTransitionError';
import { NotFoundError } from '../../errors/NotFoundError';
import { NumberInActiveOrderError } from '../../errors/NumberInActiveOrderError';
import { RuleViolationError } from '../../errors/RuleViolationError';
import { ValidationError } from '../../errors/ValidationError';
import { VersionConflictError } from '../../errors/VersionConflictError';
import { isProject, portTypeFor } from '../../orders/derive';
import { apiEventSchema, type ApiEvent } from '../../orders/events';
import { newOrderId } from '../../orders/ids';
import type { OrderInput } from '../../orders/orderInput';
import { orderChanges } from '../../orders/orderChanges';
import { redact } from '../../orders/pin';
import { sealOrder } from '../../orders/sealOrder';
import { mergeOrderUpdate, validateOrderInput } from '../../orders/validateOrder';
import type { CommitRequest } from '../../store/types';
import { assertNever } from '../../util/assertNever';
import { planCommit } from '../commitPlan';
import type { Actor, ApplyOptions, OrderView } from '../types';
import type { EngineContext } from './EngineContext';
import { answerFrom, commitRecordOf, idempotentRequest, replayOf, type IdempotentRequest } from './idempotency';
import type { OrderViewSystem } from './OrderViewSystem';
import { parseOrThrow } from './parseOrThrow';

/**
 * R39/R59: a transition computed from a stale version is recomputed, at most this many times. Each
 * round of a race has one winner, so the bound is sized for tens of writers on one order at once.
 */
const MAX_COMMIT_ATTEMPTS = 200;
/** R59: the longest pause between two recomputations; the pause grows with the attempts lost. */
const MAX_RETRY_PAUSE_MS = 25;

type TimerEvent = Extract<OrderEvent, { type: 'TIMER' }>;

/**
 * The one path by which an order changes: load → pure machine transition → one atomic commit
 * (R38) with optimistic concurrency (R39) and idempotency (R40). HTTP, queue jobs, timers and
 * the CLI all come through here.
 */
export class OrderWriteSystem {
  constructor(
    private readonly ctx: EngineContext,
    private readonly views: OrderViewSystem,
  ) {}

  async createOrder(input: unknown, actor: Actor, options: ApplyOptions = {}): Promise<OrderView> {
    const idempotency = idempotentRequest(actor, options.idempotencyKey, 'create-order', '', input);
    const replay = await replayOf(this.ctx.store, idempotency);
    if (replay) return replay as OrderView;
    const now = await this.ctx.now();
    const result = validateOrderInput(input, { today: denverWallClock(now.toMillis()).date, calendar: this.ctx.calendar });
    if (!result.ok) throw new ValidationError(result.issues);
    return this.insertOrder(result.value, actor, now, idempotency);
  }

  async apply(orderId: string, input: unknown, actor: Actor, options: ApplyOptions = {}): Promise<OrderView> {
    const event = parseOrThrow(apiEventSchema, input);
    const idempotency = idempotentRequest(actor, options.idempotencyKey, 'event', orderId, input);
    const replay = await replayOf(this.ctx.store, idempotency);
    if (replay) return replay as OrderView;
    return this.transition(orderId, actor, { ifMatch: options.ifMatch, idempotency }, (persisted, stamp) =>
      this.toMachineEvent(event, persisted, stamp),
    );
  }

  /**
   * Feeds a durable timer back into its order (SPEC §3.6). A timer from an earlier visit of the
   * state is ignored by the machine; the answer says whether it changed anything.
   */
  async fireTimer(orderId: string, timer: TimerEvent['timer'], visit: number): Promise<{ applied: boolean }> {
    try {
      await this.transition(orderId, { id: 'timer' }, {}, (_persisted, stamp) => ({
        event: { type: 'TIMER', timer, visit, ...stamp },
        historyPayload: { timer, visit },
      }));
      return { applied: true };
    } catch (error) {
      if (error instanceof InvalidTransitionError || error instanceof NotFoundError) return { applied: false };
      throw error;
    }
  }

  /** Writes a new, already validated order in its draft state: one commit with expected version 0. */
  private async insertOrder(order: OrderInput, actor: Actor, now: DateTime, idempotency?: IdempotentRequest): Promise<OrderView> {
    const { request, view } = this.planInsert(order, null, actor, now, idempotency);
    const committed = await this.commitOrThrow(request);
    // A twin request with the same Idempotency-Key committed first: its order is the answer.
    if (committed.outcome === 'replayed') return answerFrom(idempotency!, committed.record) as OrderView;
    this.ctx.metrics.transition(order.kind, 'CREATE', 'accepted');
    return view;
  }

  /** The create commit of a new, already validated order (expected version 0) and its view; nothing is written. */
  planInsert(order: OrderInput, projectId: string | null, actor: Actor, now: DateTime, idempotency?: IdempotentRequest): { request: CommitRequest; view: OrderView } {
    const id = newOrderId();
    const at = now.toUTC().toISO()!;
    const stored = sealOrder(order, this.ctx.pins, null, id);
    const started = startOrder(this.ctx.machines[order.kind], {
      id,
      kind: order.kind,
      projectId,
      order: stored,
      project: isProject(order.kind, order.numbers),
      portType: portTypeFor(order, this.ctx.config.AUTO_PORT_REGIONS),
      at,
      seq: 1,
    });
    const view = this.views.viewOf(started.snapshot, 1);
    const request = planCommit({
      orderId: id,
      expectedVersion: 0,
      prevState: null,
      prevContext: null,
      result: { next: started.snapshot, effects: started.effects, state: 'draft' },
      // R55: a summary; the input itself is the order's first snapshot, and each UPDATE entry says what it changed.
      history: { at, type: 'CREATE', actor: actor.id, payload: { kind: order.kind, numberCount: order.numbers.length } },
      idempotency: commitRecordOf(idempotency, view),
    });
    return { request, view };
  }

  /**
   * Load → transition → commit, recomputed on a version change (R39). `buildEvent` runs on every
   * attempt because an UPDATE merges over whatever is current (and its history entry says what changed).
   */
  private async transition(
    orderId: string,
    actor: Actor,
    options: { ifMatch?: number; idempotency?: IdempotentRequest },
    buildEvent: (persisted: PersistedOrder, stamp: { at: string; seq: number }) => { event: OrderEvent; historyPayload: unknown },
  ): Promise<OrderView> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.ctx.store.load(orderId);
      if (!stored) throw new NotFoundError('order', orderId);
      if (options.ifMatch !== undefined && stored.version !== options.ifMatch) {
        throw new VersionConflictError(orderId, options.ifMatch, stored.version);
      }
      const persisted = JSON.parse(stored.snapshot) as PersistedOrder;
      const machine = this.ctx.machines[persisted.context.kind];
      const at = (await this.ctx.now()).toUTC().toISO()!;
      const { event, historyPayload } = buildEvent(persisted, { at, seq: stored.version + 1 });
      const result = runEvent(machine, persisted, event);
      if (result.refusal) {
        this.ctx.metrics.transition(persisted.context.kind, event.type, 'rule_violation');
        throw new RuleViolationError(result.refusal);
      }
      if (!result.accepted) {
        this.ctx.metrics.transition(persisted.context.kind, event.type, 'invalid_transition');
        throw new InvalidTransitionError(orderId, stored.state, event.type, allowedEventsOf(machine, persisted));
      }
      const view = this.views.viewOf(result.next, stored.version + 1);
      const request = planCommit({
        orderId,
        expectedVersion: stored.version,
        prevState: stored.state as OrderState,
        prevContext: persisted.context,
        result,
        history: { at, type: event.type, actor: actor.id, payload: historyPayload },
        idempotency: commitRecordOf(options.idempotency, view),
      });
      const committed = await this.commitOrThrow(request);
      if (committed.outcome === 'lost_race') {
        // R39: If-Match asked for this exact version; R59: without it, contention is ours to absorb.
        if (options.ifMatch !== undefined) throw new VersionConflictError(orderId, options.ifMatch, committed.storedVersion);
        if (attempt >= MAX_COMMIT_ATTEMPTS) throw new BusyError(orderId);
        this.ctx.metrics.commitRetry();
        // Exponential backoff with full jitter, so that racing writers stop colliding in lockstep.
        await sleep(Math.random() * Math.min(MAX_RETRY_PAUSE_MS, 2 ** attempt));
        continue;
      }
      if (committed.outcome === 'replayed') return answerFrom(options.idempotency!, committed.record) as OrderView;
      this.ctx.metrics.transition(persisted.context.kind, event.type, 'accepted');
      return view;
    }
  }

  /**
   * Commits, translating the store's refusals into API errors: 'lost_race' when another writer moved
   * the version on, 'replayed' with the first answer when a twin request with the same key got there first.
   */
  private async commitOrThrow(
    request: CommitRequest,
  ): Promise<{ outcome: 'committed' } | { outcome: 'lost_race'; storedVersion: number } | { outcome: 'replayed'; record: string }> {
    const result = await this.ctx.store.commit(request);
    if (result.ok) return { outcome: 'committed' };
    switch (result.reason) {
      case 'version_conflict':
        return { outcome: 'lost_race', storedVersion: result.storedVersion };
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
        return { outcome: 'replayed', record: result.response };
      default:
        return assertNever(result);
    }
  }

  /**
   * UPDATE is merged over the current order and re-validated whole, and history keeps what it
   * changed (R55); the rest pass through stamped, history keeping what the caller sent.
   */
  private toMachineEvent(
    event: ApiEvent,
    persisted: PersistedOrder,
    stamp: { at: string; seq: number },
  ): { event: OrderEvent; historyPayload: unknown } {
    if (event.type !== 'UPDATE') return { event: { ...event, ...stamp } as OrderEvent, historyPayload: sentPayload(event) };
    const current = persisted.context.order;
    const { type: _type, ...changes } = event;
    const merged = mergeOrderUpdate(current, changes);
    const today = denverWallClock(Date.parse(stamp.at)).date;
    const result = validateOrderInput(merged, { today, calendar: this.ctx.calendar, pinOnFile: current.account.pinCiphertext !== null });
    if (!result.ok) throw new ValidationError(result.issues);
    const order = sealOrder(result.value, this.ctx.pins, current.account.pinCiphertext, persisted.context.id);
    return {
      event: {
        type: 'UPDATE',
        order,
        project: isProject(order.kind, order.numbers),
        portType: portTypeFor(result.value, this.ctx.config.AUTO_PORT_REGIONS),
        ...stamp,
      },
      historyPayload: { changed: orderChanges(current, order) },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What history keeps of an event other than UPDATE: what the caller sent, PIN-like fields redacted (R12). */
function sentPayload(event: ApiEvent): unknown {
  const { type: _type, ...payload } = event;
  return redact(payload);
}
