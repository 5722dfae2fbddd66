import type { RedisClient } from '../../src/store/redis';
import { DateTime } from 'luxon';
import type { Clock } from '../../src/clock/clock';
import type { PersistedOrder } from '../../machines/runEvent';
import type { OrderContext } from '../../machines/types';
import type { OrderView } from '../../src/engine/types';
import { noticeOrderOf } from '../../src/mail/noticeOrder';
import { jobIds } from '../../src/queues/names';
import type { Queues } from '../../src/queues/Queues';
import { storeKeys } from '../../src/store/keys';
import type { OutboxEntry, StoredOutboxEntry } from '../../src/store/types';
import { assertNever } from '../../src/util/assertNever';
import { enqueueDeskEvent, enqueueOrderEvent, type SubscriptionStore } from '../../src/webhooks';
import type { SandboxTimerIndex } from '../timers/SandboxTimerIndex';
import { StateChangeSequencer } from './StateChangeSequencer';

/** Mail is retried for about a day (SMTP outages), with exponential backoff from 5 s. */
const MAIL_ATTEMPTS = 15;
const MAIL_BACKOFF_MS = 5_000;
const TEST_CALL_ATTEMPTS = 5;

export interface DispatchDeps {
  queues: Queues;
  redis: RedisClient;
  prefix: string;
  clock: Clock;
  subscriptions: SubscriptionStore;
  /** R55: publish state changes on `portflow-events` (EVENTS_QUEUE=1); off, nothing piles up there. */
  eventsQueue: boolean;
  /** Set in sandbox mode: timers wait for the sandbox clock instead of real time (SPEC §5.2). */
  sandboxTimers?: SandboxTimerIndex;
  /** The public view of a snapshot at a version (the engine's): a publication's `order`. */
  viewOf(persisted: PersistedOrder, version: number): OrderView;
}

/**
 * Turns one outbox entry into the job(s) it stands for. Every job id derives from the entry, so
 * dispatching the same entry twice adds each job once (R41).
 */
export function createOutboxDispatcher(deps: DispatchDeps): (stored: StoredOutboxEntry) => Promise<void> {
  const { queues } = deps;
  const keys = storeKeys(deps.prefix);
  const sequencer = new StateChangeSequencer(deps.redis, keys);
  return async ({ entry, snapshot }) => {
    const { effect, orderId } = entry;
    const jobId = jobIds.outboxEntry(entry.id);
    switch (effect.type) {
      case 'mail':
        await queues.mail.add(
          effect.template,
          { kind: 'notice', orderId, outboxEntryId: entry.id, template: effect.template, to: effect.to, data: effect.data ?? {}, order: noticeOrder(entry, snapshot) },
          { jobId, attempts: MAIL_ATTEMPTS, backoff: { type: 'exponential', delay: MAIL_BACKOFF_MS } },
        );
        return;
      case 'invite':
        await queues.mail.add(
          `invite-${effect.method.toLowerCase()}`,
          {
            kind: 'invite',
            orderId,
            outboxEntryId: entry.id,
            method: effect.method,
            sequence: effect.sequence,
            startAt: effect.startAt,
            endAt: effect.endAt,
            conferenceBridge: effect.conferenceBridge,
            reason: effect.reason,
            order: noticeOrder(entry, snapshot),
          },
          { jobId, attempts: MAIL_ATTEMPTS, backoff: { type: 'exponential', delay: MAIL_BACKOFF_MS } },
        );
        return;
      case 'armTimer': {
        const timerJobId = jobIds.timer(orderId, effect.timer, effect.visit);
        await deps.clock.sync?.();
        const dueMs = DateTime.fromISO(effect.dueAt).toMillis();
        // Sandbox: the clock stands still between moves, so a timer only fires when the clock is moved past it.
        const delay = deps.sandboxTimers ? SANDBOX_PARKED_DELAY_MS : Math.max(0, dueMs - deps.clock.now().toMillis());
        await queues.timers.add(effect.timer, { orderId, timer: effect.timer, visit: effect.visit, dueAt: effect.dueAt }, { jobId: timerJobId, delay });
        await deps.sandboxTimers?.add(timerJobId, dueMs);
        return;
      }
      case 'cancelTimer': {
        const timerJobId = jobIds.timer(orderId, effect.timer, effect.visit);
        // Best effort: a running or already finished job cannot be removed, and need not be — the
        // machine ignores a timer whose visit token no longer matches (SPEC §3.6).
        await queues.timers.remove(timerJobId).catch(() => 0);
        await deps.sandboxTimers?.remove(timerJobId);
        return;
      }
      case 'testCalls':
        await queues.testCalls.add(
          'testCalls',
          { orderId, seq: entry.seq, numbers: effect.numbers },
          { jobId, attempts: TEST_CALL_ATTEMPTS, backoff: { type: 'exponential', delay: 2_000 } },
        );
        return;
      case 'published': {
        // R44 and §5.1: every accepted event goes out, per order in seq order.
        await sequencer.assertInOrder(orderId, entry.seq);
        const view = (effect.view as OrderView | undefined) ?? deps.viewOf(persistedOf(entry, snapshot), entry.seq);
        if (deps.eventsQueue) {
          await queues.events.add(
            effect.publication.type,
            { orderId, seq: entry.seq, ...effect.publication, occurredAt: effect.at, order: view },
            { jobId: jobIds.orderEvent(orderId, entry.seq) },
          );
        }
        await enqueueOrderEvent({
          queue: queues.webhooks,
          store: deps.subscriptions,
          redis: deps.redis,
          prefix: deps.prefix,
          published: { orderId, seq: entry.seq, occurredAt: effect.at, publication: effect.publication, view },
        });
        await sequencer.markQueued(orderId, entry.seq);
        return;
      }
      case 'deskEvent':
        await enqueueDeskEvent({ queue: queues.webhooks, store: deps.subscriptions, effect });
        return;
      default:
        assertNever(effect);
    }
  };
}

/**
 * R45: the order as the entry's transition left it, without the PIN's ciphertext and the timers.
 * Entries committed before the snapshot was stored beside them carry it inline; a note's mail is
 * no transition's, so it has neither and the mail worker renders the order as stored.
 */
function noticeOrder(entry: OutboxEntry, snapshot: string | null): OrderContext | undefined {
  if (entry.order) return entry.order;
  return snapshot === null ? undefined : noticeOrderOf(persistedOf(entry, snapshot).context);
}

/** The last snapshot parsed: a commit's mail and publication share one, so it is parsed once, not per effect. */
let lastParsed: { snapshot: string; persisted: PersistedOrder } | null = null;

/** The snapshot the entry's commit stored beside it: the order just after the transition (seq = its version). */
function persistedOf(entry: OutboxEntry, snapshot: string | null): PersistedOrder {
  if (snapshot === null) throw new Error(`outbox entry ${entry.id} tells the order but has neither the order nor its snapshot`);
  if (lastParsed?.snapshot !== snapshot) lastParsed = { snapshot, persisted: JSON.parse(snapshot) as PersistedOrder };
  return lastParsed.persisted;
}

/** A year: long enough that only the sandbox clock (which promotes due timers itself) fires a parked timer. */
export const SANDBOX_PARKED_DELAY_MS = 365 * 24 * 3600 * 1000;
