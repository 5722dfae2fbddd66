import type { OrderContext } from '../../machines/types';

/**
 * R45: a notice tells what happened at the transition that caused it, so it is rendered from the
 * order as that transition left it — carried with the mail job — not from the order as it stands
 * when the mail worker gets to it. Without the PIN's ciphertext (R12 covers queues) and the timers
 * (no notice reads them).
 */
export function noticeOrderOf(context: OrderContext): OrderContext {
  return {
    ...context,
    order: { ...context.order, account: { ...context.order.account, pinCiphertext: null } },
    timers: {},
  };
}
