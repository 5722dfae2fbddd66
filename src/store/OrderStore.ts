import { duplicateRedis, type RedisClient } from './redis';
import { commitKeys } from './commitKeys';
import { confirmReplicated, type ReplicaAckPolicy } from './replicaAck';
import { CommitFailedError } from './errors/CommitFailedError';
import { InvalidCursorError } from './errors/InvalidCursorError';
import { OrderRecordStore } from './OrderRecordStore';
import { storeKeys, type StoreKeys } from './keys';
import { compareStreamIds, isLastStreamId, parseStreamCursor, type StreamId } from './streamCursor';
import { decodeListCursor, encodeListCursor, type ListPosition } from './listCursor';
import { withStoreCommands, type RedisWithStoreCommands, type TransactionWithStoreCommands } from './scripts';
import { orderIdOfMember, searchRange, type SearchField } from './searchIndex';
import { slotKeysBetween } from './slotGrid';
import type {
  CommitRequest,
  CommitResult,
  DeskFeedEntry,
  FeedEntry,
  FeedItem,
  HistoryEntry,
  IdempotencyRecord,
  ListedOrder,
  ListQuery,
  OutboxEntry,
  Page,
  ProjectCommitResult,
  StoredOrder,
  StoredProject,
} from './types';

/** R40: a repeated request must find its first answer for at least a day. */
export const MIN_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

function idempotencyTtl(ttlSeconds: number): number {
  return Math.max(ttlSeconds, MIN_IDEMPOTENCY_TTL_SECONDS);
}

/** Rounds of a project commit lost to concurrent number-index writes before giving up (each round is a few ms). */
const PROJECT_COMMIT_ROUNDS = 16;

const DEFAULT_FEED_RETENTION_MS = 30 * 24 * 3600 * 1000;
const FEED_TRIM_INTERVAL_MS = 60_000;

const ORDER_FIELDS = ['snapshot', 'version', 'state', 'kind', 'projectId'] as const;

/** The field of the slot-bookings hash that counts booking changes (commitOrder's HINCRBY); every other field is a slot. */
export const SLOT_BOOKINGS_VERSION_FIELD = 'version';

export interface OrderStoreOptions {
  /** KEY_PREFIX; a hash tag such as `{portflow}` on Redis Cluster (see docs/storage.md). */
  prefix: string;
  /** R19: coordinated ports that may start in one 15-minute slot. */
  slotCapacity: number;
  /** R81: wait for this many replicas after each commit (REDIS_MIN_REPLICAS_ACK); absent = do not wait. */
  replicaAck?: ReplicaAckPolicy;
  /** R55: change-feed entries older than this are trimmed (FEED_RETENTION_DAYS). */
  feedRetentionMs?: number;
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
  /** Notes and document metadata, beside the orders (R60, R61). */
  readonly records: OrderRecordStore;
  private readonly feedRetentionMs: number;
  private lastFeedTrimMs = 0;

  constructor(redis: RedisClient, opts: OrderStoreOptions) {
    this.redis = withStoreCommands(redis);
    this.keys = storeKeys(opts.prefix);
    this.records = new OrderRecordStore(this.redis, this.keys);
    this.slotCapacity = opts.slotCapacity;
    this.failAfterChecks = opts.testHooks?.failAfterChecks ? '1' : '';
    this.replicaAck = opts.replicaAck ?? null;
    this.feedRetentionMs = opts.feedRetentionMs ?? DEFAULT_FEED_RETENTION_MS;
  }

  async load(id: string): Promise<StoredOrder | null> {
    return toStoredOrder(id, await this.redis.hmget(this.keys.order(id), ...ORDER_FIELDS));
  }

  /** Writes the whole transition if the stored version is still `expectedVersion`, else nothing. */
  async commit(req: CommitRequest): Promise<CommitResult> {
    let reply: unknown;
    try {
      reply = await this.redis.commitOrder(...this.commitArgs(req));
    } catch (error) {
      throw new CommitFailedError(req.orderId, (error as Error).message, { cause: error });
    }
    const result = toCommitResult(req.orderId, reply);
    if (result.ok || result.reason === 'idempotent_replay') await this.confirmReplicated();
    if (result.ok && req.feed) await this.trimFeed();
    return result;
  }

  /**
   * R47: a project is created whole or not at all — its record, every order's create commit and the
   * idempotency record in one MULTI/EXEC. The create commits are the same `commitOrder` scripts as
   * for any order (so a project's orders get every index any order gets); their only check that can
   * refuse a create, a number held by another order, is made before the MULTI under WATCH of the
   * number index, so EXEC runs only if that answer still holds — else nothing is written and the
   * round is repeated. The WATCH needs a connection of its own (it is per connection).
   */
  async commitProject(project: { id: string; createdAt: string }, creates: CommitRequest[], idempotency?: IdempotencyRecord): Promise<ProjectCommitResult> {
    const connection = withStoreCommands(duplicateRedis(this.redis));
    const idempotencyKey = idempotency ? this.keys.idempotency(idempotency.key) : null;
    const claims = creates.flatMap((create) => create.claimNumbers);
    try {
      for (let round = 1; round <= PROJECT_COMMIT_ROUNDS; round++) {
        await connection.watch(this.keys.numbers(), ...(idempotencyKey ? [idempotencyKey] : []));
        const replay = idempotencyKey ? await connection.get(idempotencyKey) : null;
        if (replay) {
          await connection.unwatch();
          await this.confirmReplicated();
          return { ok: false, reason: 'idempotent_replay', response: replay };
        }
        const owners = claims.length > 0 ? await connection.hmget(this.keys.numbers(), ...claims) : [];
        const taken = owners.findIndex((owner) => owner !== null);
        if (taken !== -1) {
          await connection.unwatch();
          return { ok: false, reason: 'number_in_active_order', number: claims[taken], orderId: owners[taken] as string };
        }
        const transaction = connection.multi() as TransactionWithStoreCommands;
        transaction.hset(this.keys.project(project.id), 'createdAt', project.createdAt);
        for (const create of creates) transaction.commitOrder(...this.commitArgs(create));
        if (idempotency && idempotencyKey) transaction.set(idempotencyKey, idempotency.response, 'EX', idempotencyTtl(idempotency.ttlSeconds));
        const replies = await transaction.exec();
        if (replies === null) continue; // a watched key changed: check again
        replies.slice(1, 1 + creates.length).forEach(([error, reply], i) => {
          const result = error ? null : toCommitResult(creates[i].orderId, reply);
          if (!result?.ok) throw new CommitFailedError(creates[i].orderId, `project ${project.id}: ${error?.message ?? JSON.stringify(reply)}`);
        });
        // WAIT counts the writes of the connection it is sent on: the project's own.
        await this.confirmReplicated(connection);
        return { ok: true };
      }
      throw new CommitFailedError(creates[0]?.orderId ?? project.id, `project ${project.id}: the number index kept changing for ${PROJECT_COMMIT_ROUNDS} rounds`);
    } finally {
      connection.disconnect();
    }
  }

  /** KEYS then ARGV of `commitOrder-16.lua` for one transition. */
  private commitArgs(req: CommitRequest): (string | number)[] {
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
      idempotency ? idempotencyTtl(idempotency.ttlSeconds) : '',
      idempotency ? idempotency.response : '',
      this.failAfterChecks,
      JSON.stringify(req.searchAdd ?? []),
      JSON.stringify(req.searchRemove ?? []),
      req.attentionFrom ?? '',
      JSON.stringify(req.outbox),
      req.outbox.some(needsSnapshot) ? '1' : '',
    );
    return args;
  }

  /**
   * R55: drops change-feed entries older than the retention, at most once a minute per process
   * (stream ids are times, so `XTRIM MINID` is one cheap call). Best effort: the commit has already
   * succeeded, and a trim that fails is simply done by the next one.
   */
  private async trimFeed(): Promise<void> {
    const now = Date.now();
    if (now - this.lastFeedTrimMs < FEED_TRIM_INTERVAL_MS) return;
    this.lastFeedTrimMs = now;
    await this.redis.xtrim(this.keys.feed(), 'MINID', now - this.feedRetentionMs).catch(() => 0);
  }

  /** The record of a request with this Idempotency-Key (R40), `recordKey` = `<caller>:<key>` (R54). */
  async readIdempotent(recordKey: string): Promise<string | null> {
    const stored = await this.redis.get(this.keys.idempotency(recordKey));
    // A replayed answer is acknowledged again: it must not vouch for a commit the replicas never got (R81).
    if (stored) await this.confirmReplicated();
    return stored;
  }

  /** R81: throws `ReplicationUnconfirmedError` (503) when fewer than REDIS_MIN_REPLICAS_ACK replicas hold the writes. */
  private async confirmReplicated(connection: RedisClient = this.redis): Promise<void> {
    if (this.replicaAck) await confirmReplicated(connection, this.replicaAck, this.keys.outbox());
  }

  /** The whole history, for audits inside the service; the API reads it a page at a time (`historyPage`). */
  async history(id: string): Promise<HistoryEntry[]> {
    const entries = await this.redis.lrange(this.keys.history(id), 0, -1);
    return entries.map((entry) => JSON.parse(entry) as HistoryEntry);
  }

  /**
   * R55: entries after seq `after` (exclusive), oldest first. The cursor is the seq of the last
   * entry of a page; one that is not a seq of this history (1…length) is `invalid_cursor` (R56).
   * `total` is the history's length: 0 tells the caller the order may not exist.
   */
  async historyPage(id: string, after: string | undefined, requestedLimit: number): Promise<Page<HistoryEntry> & { total: number }> {
    if (after !== undefined && !/^[1-9]\d{0,8}$/.test(after)) throw new InvalidCursorError('after', after);
    const limit = pageSize(requestedLimit);
    const start = after === undefined ? 0 : Number(after);
    const key = this.keys.history(id);
    const [[lengthError, total], [rangeError, rows]] = (await this.redis
      .multi()
      .llen(key)
      .lrange(key, start, start + limit - 1)
      .exec()) as [[Error | null, number], [Error | null, string[]]];
    if (lengthError ?? rangeError) throw lengthError ?? rangeError;
    if (start > total) throw new InvalidCursorError('after', after!);
    const items = rows.map((entry) => JSON.parse(entry) as HistoryEntry);
    return { items, nextCursor: start + items.length < total ? String(start + items.length) : null, total };
  }

  /** Orders newest first, optionally by state and/or kind, paged by an opaque cursor. */
  async list(query: ListQuery): Promise<Page<ListedOrder>> {
    const limit = pageSize(query.limit);
    const index = this.indexFor(query.state, query.kind);
    const positions = await this.positionsAfter(index, query.cursor, limit + 1);
    const page = positions.slice(0, limit);

    const items = await this.loadMany(page.map((position) => ({ id: position.id, cursor: encodeListCursor(position) })));
    const last = page[page.length - 1];
    return { items, nextCursor: positions.length > limit ? encodeListCursor(last) : null };
  }

  /**
   * R62: one page of the orders whose `field` value is `value` (`exact`, newest first) or starts
   * with it (`prefix`, by value then oldest first), read from the search index: a range, never a scan.
   * The cursor is the last index member of the previous page.
   */
  async search(field: SearchField, value: string, match: 'exact' | 'prefix', requestedLimit: number, cursor?: string): Promise<Page<ListedOrder>> {
    const limit = pageSize(requestedLimit);
    const range = searchRange(field, value, match);
    const after = cursor === undefined ? null : decodeSearchCursor(cursor, field, value);
    const members =
      match === 'exact'
        ? await this.redis.zrevrangebylexBuffer(this.keys.search(), after ? Buffer.concat([Buffer.from('('), after]) : range.max, range.min, 'LIMIT', 0, limit + 1)
        : await this.redis.zrangebylexBuffer(this.keys.search(), after ? Buffer.concat([Buffer.from('('), after]) : range.min, range.max, 'LIMIT', 0, limit + 1);
    const page = members.slice(0, limit);
    // An order whose company name and losing carrier both match appears once per page, with the cursor of its
    // last member (R50 may end a page at any order and continue after it).
    const cursors = new Map<string, string>();
    for (const member of page) {
      const id = orderIdOfMember(member.toString());
      cursors.delete(id);
      cursors.set(id, member.toString('base64url'));
    }
    const items = await this.loadMany([...cursors].map(([id, cursor]) => ({ id, cursor })));
    return { items, nextCursor: members.length > limit ? page[page.length - 1].toString('base64url') : null };
  }

  /** R62: orders that need attention at `nowMs`, the most recent reason first, paged like `list`. */
  async needingAttention(nowMs: number, requestedLimit: number, cursor?: string): Promise<Page<ListedOrder>> {
    const limit = pageSize(requestedLimit);
    const positions = await this.positionsAfter(this.keys.attention(), cursor, limit + 1, nowMs);
    const page = positions.slice(0, limit);
    const items = await this.loadMany(page.map((position) => ({ id: position.id, cursor: encodeListCursor(position) })));
    return { items, nextCursor: positions.length > limit ? encodeListCursor(page[page.length - 1]) : null };
  }

  /** The orders with these ids, in this order, each with its page cursor (one pipelined round trip); ids of no order are left out. */
  private async loadMany(wanted: readonly { id: string; cursor: string }[]): Promise<ListedOrder[]> {
    if (wanted.length === 0) return [];
    const reads = this.redis.pipeline();
    for (const { id } of wanted) reads.hmget(this.keys.order(id), ...ORDER_FIELDS);
    const replies = (await reads.exec()) ?? [];
    const items: ListedOrder[] = [];
    replies.forEach(([error, fields], i) => {
      if (error) throw error;
      const order = toStoredOrder(wanted[i].id, fields as (string | null)[]);
      if (order) items.push({ ...order, cursor: wanted[i].cursor });
    });
    return items;
  }

  /** Accepted events after the `after` cursor (exclusive), oldest first (`GET /v1/events`, R44). */
  async feed(after: string | undefined, requestedLimit: number): Promise<Page<FeedItem>> {
    const limit = pageSize(requestedLimit);
    const cursor = after === undefined ? null : parseStreamCursor('after', after);
    // `(<the largest id>` is an error to XRANGE; no entry can follow it anyway.
    if (cursor !== null && isLastStreamId(cursor)) throw new InvalidCursorError('after', after!);
    const rows = await this.redis.xrange(this.keys.feed(), after === undefined ? '-' : `(${after}`, '+', 'COUNT', limit + 1);
    if (rows.length === 0 && cursor !== null) await this.requireHandedOut(after!, cursor);
    const items = rows.slice(0, limit).map(([cursor, fields]) => ({ ...feedEntryOf(fields[1]), cursor }));
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

  /**
   * Bumped by every commit that books or frees a slot (a field of the bookings hash, so the commit
   * needs no extra key): what cached open slots are checked against.
   */
  async slotBookingsVersion(): Promise<string> {
    return (await this.redis.hget(this.keys.slots(), SLOT_BOOKINGS_VERSION_FIELD)) ?? '0';
  }

  /** The order that holds this number (R11), if any. */
  async numberOwner(number: string): Promise<string | null> {
    return this.redis.hget(this.keys.numbers(), number);
  }

  /** The orders that hold these numbers (R11), in the same order; null where none does. One HMGET. */
  async numberOwners(numbers: readonly string[]): Promise<(string | null)[]> {
    if (numbers.length === 0) return [];
    return this.redis.hmget(this.keys.numbers(), ...numbers);
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

  /** How many orders are in each state (of one kind, when given): one ZCARD per state index, one round trip. */
  async countByState(states: readonly string[], kind?: string): Promise<Record<string, number>> {
    const counts = this.redis.pipeline();
    for (const state of states) counts.zcard(this.indexFor(state, kind));
    const replies = (await counts.exec()) ?? [];
    const byState: Record<string, number> = {};
    replies.forEach(([error, count], i) => {
      if (error) throw error;
      byState[states[i]] = Number(count);
    });
    return byState;
  }

  private indexFor(state: string | undefined, kind: string | undefined): string {
    if (state && kind) return this.keys.ordersByStateAndKind(state, kind);
    if (state) return this.keys.ordersByState(state);
    if (kind) return this.keys.ordersByKind(kind);
    return this.keys.ordersAll();
  }

  /** R56: a feed cursor past the newest entry (or any cursor into an empty feed) was never handed out. */
  private async requireHandedOut(after: string, cursor: StreamId): Promise<void> {
    const [newest] = await this.redis.xrevrange(this.keys.feed(), '+', '-', 'COUNT', 1);
    if (newest === undefined || compareStreamIds(cursor, parseStreamCursor('after', newest[0])) > 0) {
      throw new InvalidCursorError('after', after);
    }
  }

  /**
   * Up to `count` index positions strictly after the cursor in newest-first order. Orders that
   * share the cursor's score come first (members with one score are ordered by id), then the
   * older ones; both reads go in one MULTI so they see the same index.
   */
  private async positionsAfter(index: string, cursor: string | undefined, count: number, maxScore: number | '+inf' = '+inf'): Promise<ListPosition[]> {
    if (cursor === undefined) {
      return toPositions(await this.redis.zrange(index, maxScore, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, count, 'WITHSCORES'));
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

/**
 * R44: a feed entry names its event in `event` and its kind in `type`. Entries written before R44 (state
 * changes only) had the event in `type`; they read the same as the new ones.
 */
function feedEntryOf(raw: string): FeedEntry | DeskFeedEntry {
  const entry = JSON.parse(raw) as FeedEntry | DeskFeedEntry | PreR44FeedEntry;
  if ('event' in entry) return entry;
  return { ...entry, type: 'port_order.state_changed', event: entry.type };
}

type PreR44FeedEntry = Omit<FeedEntry, 'type' | 'event'> & { type: string };

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

/** A search cursor is a member of the index for the same field and value; anything else is 400. */
function decodeSearchCursor(cursor: string, field: SearchField, value: string): Buffer {
  const member = Buffer.from(cursor, 'base64url');
  if (!member.toString().startsWith(`${field}\u0000${value}`)) throw new InvalidCursorError('cursor', cursor);
  return member;
}

/** Entries that tell the order (a notice, an invite, a publication) without carrying it need the commit's snapshot beside them. */
function needsSnapshot(entry: OutboxEntry): boolean {
  switch (entry.effect.type) {
    case 'mail':
    case 'invite':
      return entry.order === undefined;
    case 'published':
      return entry.effect.view === undefined;
    default:
      return false;
  }
}
