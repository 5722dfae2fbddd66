import type { RedisClient } from './redis';
import { commitKeys } from './commitKeys';
import { confirmReplicated, type ReplicaAckPolicy } from './replicaAck';
import { CommitFailedError } from './errors/CommitFailedError';
import { InvalidCursorError } from './errors/InvalidCursorError';
import { newProjectId } from '../orders/ids';
import { storeKeys, type StoreKeys } from './keys';
import { decodeListCursor, encodeListCursor, type ListPosition } from './listCursor';
import { withStoreCommands, type RedisWithStoreCommands } from './scripts';
import { slotKeysBetween } from './slotGrid';
import type {
  CommitRequest,
  CommitResult,
  FeedEntry,
  FeedItem,
  HistoryEntry,
  ListQuery,
  Page,
  StoredOrder,
  StoredProject,
} from './types';

/** R40: a repeated request must find its first answer for at least a day. */
export const MIN_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** A stream entry id as Redis hands it out (`<ms>-<seq>`). */
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

const ORDER_FIELDS = ['snapshot', 'version', 'state', 'kind', 'projectId'] as const;

export interface OrderStoreOptions {
  /** KEY_PREFIX; a hash tag such as `{portflow}` on Redis Cluster (see docs/storage.md). */
  prefix: string;
  /** R19: coordinated ports that may start in one 15-minute slot. */
  slotCapacity: number;
  /** R81: wait for this many replicas after each commit (REDIS_MIN_REPLICAS_ACK); absent = do not wait. */
  replicaAck?: ReplicaAckPolicy;
  /** Tests only: make the commit script fail after its checks, to prove that nothing was written (R38). */
  testHooks?: { failAfterChecks?: boolean };
}

function toStoredOrder(id: string, fields: (string | null)[]): StoredOrder | null {
  const [snapshot, version, state, kind, projectId] = fields;
  if (snapshot === null) return null;
  return {
    id,
    snapshot,
    version: Number(version),
    state: state ?? '',
    kind: kind ?? '',
    projectId: projectId ? projectId : null,
  };
}

function toCommitResult(orderId: string, reply: unknown): CommitResult {
  const [outcome, first, second] = reply as [string, string | number, string | undefined];
  switch (outcome) {
    case 'ok':
      return { ok: true, version: Number(first) };
    case 'version_conflict':
      return { ok: false, reason: 'version_conflict', storedVersion: Number(first) };
    case 'number_in_active_order':
      return { ok: false, reason: 'number_in_active_order', number: String(first), orderId: String(second) };
    case 'slot_full':
      return { ok: false, reason: 'slot_full', slot: String(first) };
    case 'idempotent_replay':
      return { ok: false, reason: 'idempotent_replay', response: String(first) };
    default:
      throw new CommitFailedError(orderId, `unexpected script reply ${JSON.stringify(reply)}`);
  }
}

/**
 * Orders in Redis (SPEC §4): one snapshot + version per order, its history, the number index,
 * slot bookings, list indexes, the outbox and the change feed. Every write of a transition goes
 * through `commit`, one Lua script, one round trip (R38, R39). Key layout: docs/storage.md.
 */
export class OrderStore {
  private readonly redis: RedisWithStoreCommands;
  private readonly keys: StoreKeys;
  private readonly slotCapacity: number;
  private readonly failAfterChecks: '1' | '';
  private readonly replicaAck: ReplicaAckPolicy | null;

  constructor(redis: RedisClient, opts: OrderStoreOptions) {
    this.redis = withStoreCommands(redis);
    this.keys = storeKeys(opts.prefix);
    this.slotCapacity = opts.slotCapacity;
    this.failAfterChecks = opts.testHooks?.failAfterChecks ? '1' : '';
    this.replicaAck = opts.replicaAck ?? null;
  }

  async load(id: string): Promise<StoredOrder | null> {
    return toStoredOrder(id, await this.redis.hmget(this.keys.order(id), ...ORDER_FIELDS));
  }

  /** Writes the whole transition if the stored version is still `expectedVersion`, else nothing. */
  async commit(req: CommitRequest): Promise<CommitResult> {
    const idempotency = req.idempotency;
    const args: (string | number)[] = commitKeys(this.keys, req);
    args.push(
      req.orderId,
      req.expectedVersion,
      req.snapshot,
      req.state,
      req.kind,
      req.projectId ?? '',
      req.createdAtMs,
      req.history.at,
      JSON.stringify(req.history),
      JSON.stringify(req.claimNumbers),
      JSON.stringify(req.releaseNumbers),
      req.reserveSlot ?? '',
      req.releaseSlot ?? '',
      this.slotCapacity,
      req.feed ? JSON.stringify(req.feed) : '',
      idempotency ? Math.max(idempotency.ttlSeconds, MIN_IDEMPOTENCY_TTL_SECONDS) : '',
      idempotency ? idempotency.response : '',
      this.failAfterChecks,
    );
    for (const entry of req.outbox) args.push(JSON.stringify(entry));

    let reply: unknown;
    try {
      reply = await this.redis.commitOrder(...args);
    } catch (error) {
      throw new CommitFailedError(req.orderId, (error as Error).message, { cause: error });
    }
    const result = toCommitResult(req.orderId, reply);
    if (result.ok || result.reason === 'idempotent_replay') await this.confirmReplicated();
    return result;
  }

  /** The first answer to a request with this Idempotency-Key (R40); `'create'` for order creation. */
  async readIdempotent(orderId: string | 'create', key: string): Promise<string | null> {
    const stored = await this.redis.get(this.idempotencyKey(orderId, key));
    // A replayed answer is acknowledged again: it must not vouch for a commit the replicas never got (R81).
    if (stored) await this.confirmReplicated();
    return stored;
  }

  /** R81: throws `ReplicationUnconfirmedError` (503) when fewer than REDIS_MIN_REPLICAS_ACK replicas hold the writes. */
  private async confirmReplicated(): Promise<void> {
    if (this.replicaAck) await confirmReplicated(this.redis, this.replicaAck, this.keys.outbox());
  }

  /**
   * For requests that span several commits (a project's creates): takes the key before the first
   * commit, with an empty record meaning "in progress". False when someone already holds it.
   */
  async claimIdempotent(orderId: string | 'create', key: string, ttlSeconds: number): Promise<boolean> {
    const ttl = Math.max(ttlSeconds, MIN_IDEMPOTENCY_TTL_SECONDS);
    return (await this.redis.set(this.idempotencyKey(orderId, key), '', 'EX', ttl, 'NX')) === 'OK';
  }

  /** Replaces a claim with the request's answer (R40). */
  async rememberIdempotent(orderId: string | 'create', key: string, response: string, ttlSeconds: number): Promise<void> {
    const ttl = Math.max(ttlSeconds, MIN_IDEMPOTENCY_TTL_SECONDS);
    await this.redis.set(this.idempotencyKey(orderId, key), response, 'EX', ttl);
  }

  /** Gives a claim back when the request failed, so that a retry can run. */
  async releaseIdempotent(orderId: string | 'create', key: string): Promise<void> {
    await this.redis.del(this.idempotencyKey(orderId, key));
  }

  async history(id: string): Promise<HistoryEntry[]> {
    const entries = await this.redis.lrange(this.keys.history(id), 0, -1);
    return entries.map((entry) => JSON.parse(entry) as HistoryEntry);
  }

  /** Orders newest first, optionally by state and/or kind, paged by an opaque cursor. */
  async list(query: ListQuery): Promise<Page<StoredOrder>> {
    const limit = pageSize(query.limit);
    const index = this.indexFor(query.state, query.kind);
    const positions = await this.positionsAfter(index, query.cursor, limit + 1);
    const page = positions.slice(0, limit);

    const reads = this.redis.pipeline();
    for (const { id } of page) reads.hmget(this.keys.order(id), ...ORDER_FIELDS);
    const replies = (await reads.exec()) ?? [];
    const items: StoredOrder[] = [];
    replies.forEach(([error, fields], i) => {
      if (error) throw error;
      const order = toStoredOrder(page[i].id, fields as (string | null)[]);
      if (order) items.push(order);
    });

    const last = page[page.length - 1];
    return { items, nextCursor: positions.length > limit ? encodeListCursor(last) : null };
  }

  /** State changes after the `after` cursor (exclusive), oldest first (`GET /v1/events`). */
  async feed(after: string | undefined, requestedLimit: number): Promise<Page<FeedItem>> {
    const limit = pageSize(requestedLimit);
    if (after !== undefined && !STREAM_ID.test(after)) throw new InvalidCursorError('after', after);
    const rows = await this.redis.xrange(this.keys.feed(), after === undefined ? '-' : `(${after}`, '+', 'COUNT', limit + 1);
    const items = rows.slice(0, limit).map(([cursor, fields]) => ({
      ...(JSON.parse(fields[1]) as FeedEntry),
      cursor,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].cursor : null };
  }

  /**
   * Booked coordinated ports per slot (R19): for the given slot keys, or for every slot starting
   * in [fromMs, toMs). Slots without bookings are absent from the map.
   */
  async slotBookings(slotKeys: readonly string[]): Promise<Map<string, number>>;
  async slotBookings(fromMs: number, toMs: number): Promise<Map<string, number>>;
  async slotBookings(slotsOrFromMs: readonly string[] | number, toMs?: number): Promise<Map<string, number>> {
    const slotKeys = typeof slotsOrFromMs === 'number' ? slotKeysBetween(slotsOrFromMs, toMs as number) : slotsOrFromMs;
    const bookings = new Map<string, number>();
    if (slotKeys.length === 0) return bookings;
    const counts = await this.redis.hmget(this.keys.slots(), ...slotKeys);
    counts.forEach((count, i) => {
      if (count !== null && Number(count) > 0) bookings.set(slotKeys[i], Number(count));
    });
    return bookings;
  }

  /** The order that holds this number (R11), if any. */
  async numberOwner(number: string): Promise<string | null> {
    return this.redis.hget(this.keys.numbers(), number);
  }

  /**
   * Records a new project before its orders are created; each order joins it in its own create
   * commit (`projectId` on the CommitRequest), so membership is as atomic as the order itself.
   */
  async createProject(createdAt: string): Promise<{ id: string; createdAt: string }> {
    const id = newProjectId();
    await this.redis.hset(this.keys.project(id), 'createdAt', createdAt);
    return { id, createdAt };
  }

  async loadProject(id: string): Promise<StoredProject | null> {
    const [[createdAtError, createdAt], [membersError, members]] = (await this.redis
      .multi()
      .hget(this.keys.project(id), 'createdAt')
      .smembers(this.keys.projectOrders(id))
      .exec()) as [[Error | null, string | null], [Error | null, string[]]];
    if (createdAtError ?? membersError) throw createdAtError ?? membersError;
    if (createdAt === null) return null;
    return { id, createdAt, orderIds: members.sort() };
  }

  private idempotencyKey(orderId: string | 'create', key: string): string {
    return orderId === 'create' ? this.keys.createIdempotency(key) : this.keys.idempotency(orderId, key);
  }

  private indexFor(state: string | undefined, kind: string | undefined): string {
    if (state && kind) return this.keys.ordersByStateAndKind(state, kind);
    if (state) return this.keys.ordersByState(state);
    if (kind) return this.keys.ordersByKind(kind);
    return this.keys.ordersAll();
  }

  /**
   * Up to `count` index positions strictly after the cursor in newest-first order. Orders that
   * share the cursor's score come first (members with one score are ordered by id), then the
   * older ones; both reads go in one MULTI so they see the same index.
   */
  private async positionsAfter(index: string, cursor: string | undefined, count: number): Promise<ListPosition[]> {
    if (cursor === undefined) {
      return toPositions(await this.redis.zrange(index, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, count, 'WITHSCORES'));
    }
    const after = decodeListCursor(cursor);
    const [[tiesError, ties], [olderError, older]] = (await this.redis
      .multi()
      .zrangebyscore(index, after.score, after.score)
      .zrange(index, `(${after.score}`, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, count, 'WITHSCORES')
      .exec()) as [[Error | null, string[]], [Error | null, string[]]];
    if (tiesError ?? olderError) throw tiesError ?? olderError;
    const sameScore = ties
      .filter((id) => id < after.id)
      .reverse()
      .map((id) => ({ score: after.score, id }));
    return sameScore.concat(toPositions(older)).slice(0, count);
  }
}

/** The API bounds page sizes; this only keeps a caller's 0 or NaN from producing a cursor-less page. */
function pageSize(limit: number): number {
  return Number.isInteger(limit) && limit > 0 ? limit : 1;
}

/** ZRANGE … WITHSCORES replies alternate member, score. */
function toPositions(reply: string[]): ListPosition[] {
  const positions: ListPosition[] = [];
  for (let i = 0; i < reply.length; i += 2) positions.push({ id: reply[i], score: Number(reply[i + 1]) });
  return positions;
}
