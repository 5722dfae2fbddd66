import type { StoreKeys } from './keys';
import type { CommitRequest } from './types';

/**
 * The KEYS list of `commands/commitOrder-16.lua`, in its header's order. The script touches only
 * these keys (Redis Cluster routes a script by its declared keys). A key that does not apply to
 * this commit (no idempotency key, no project) is passed as the order key and left untouched,
 * so the script keeps a fixed number of keys.
 */
export function commitKeys(keys: StoreKeys, req: CommitRequest): string[] {
  const orderKey = keys.order(req.orderId);
  const prevState = req.prevState ?? req.state;
  const idempotencyKey = req.idempotency ? keys.idempotency(req.idempotency.key) : orderKey;
  return [
    orderKey,
    keys.history(req.orderId),
    idempotencyKey,
    keys.numbers(),
    keys.slots(),
    keys.outbox(),
    keys.feed(),
    keys.ordersAll(),
    keys.ordersByKind(req.kind),
    keys.ordersByState(prevState),
    keys.ordersByStateAndKind(prevState, req.kind),
    keys.ordersByState(req.state),
    keys.ordersByStateAndKind(req.state, req.kind),
    req.projectId ? keys.projectOrders(req.projectId) : orderKey,
    keys.search(),
    keys.attention(),
  ];
}
