/**
 * Every Redis key portflow's store uses, one function each; no other file builds a key by hand.
 *
 * Per-order keys carry the order id as a hash tag (`{<id>}`, R42). The commit of one event also
 * touches cross-order keys (number index, slots, list indexes, streams) in the same script, so on
 * Redis Cluster every key must hash to ONE slot: there KEY_PREFIX itself is a hash tag such as
 * `{portflow}` (Redis hashes the first `{…}` of a key). On a single Redis the tags are inert.
 * See docs/storage.md.
 */
export interface StoreKeys {
  order(orderId: string): string;
  history(orderId: string): string;
  /** R54: one record per caller and Idempotency-Key, whatever the request (`recordKey` = `<caller>:<key>`). */
  idempotency(recordKey: string): string;
  numbers(): string;
  slots(): string;
  ordersAll(): string;
  ordersByState(state: string): string;
  ordersByKind(kind: string): string;
  ordersByStateAndKind(state: string, kind: string): string;
  project(projectId: string): string;
  projectOrders(projectId: string): string;
  /** R60: the order's notes, a hash note id → note JSON. */
  notes(orderId: string): string;
  /** R61: the order's document metadata, a hash document id → metadata JSON (the files live outside Redis). */
  documents(orderId: string): string;
  outbox(): string;
  feed(): string;
  /** R62: the search index, a sorted set of lexicographic members (`searchIndex.ts`). */
  search(): string;
  /** R62: orders that need attention, scored by the instant from which they do. */
  attention(): string;
}

export function storeKeys(prefix: string): StoreKeys {
  // The fixed keys are built once: the commit builds its KEYS list on every event.
  const numbers = `${prefix}:numbers`;
  const slots = `${prefix}:slots`;
  const ordersAll = `${prefix}:orders:all`;
  const outbox = `${prefix}:outbox`;
  const feed = `${prefix}:feed`;
  const search = `${prefix}:search`;
  const attention = `${prefix}:orders:attention`;
  return {
    order: (orderId) => `${prefix}:order:{${orderId}}`,
    history: (orderId) => `${prefix}:history:{${orderId}}`,
    idempotency: (recordKey) => `${prefix}:idem:${recordKey}`,
    numbers: () => numbers,
    slots: () => slots,
    ordersAll: () => ordersAll,
    ordersByState: (state) => `${prefix}:orders:state:${state}`,
    ordersByKind: (kind) => `${prefix}:orders:kind:${kind}`,
    ordersByStateAndKind: (state, kind) => `${prefix}:orders:state:${state}:kind:${kind}`,
    project: (projectId) => `${prefix}:projects:{${projectId}}`,
    projectOrders: (projectId) => `${prefix}:projects:{${projectId}}:orders`,
    notes: (orderId) => `${prefix}:notes:{${orderId}}`,
    documents: (orderId) => `${prefix}:documents:{${orderId}}`,
    outbox: () => outbox,
    feed: () => feed,
    search: () => search,
    attention: () => attention,
  };
}
