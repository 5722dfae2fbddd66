import type { MailTemplate, Recipients, Refusal } from '../effects';
import type { OrderContext, OrderEvent } from '../types';

/**
 * Builders of the named actions that declare a notice or a refusal. `E` narrows the event to the
 * transition the action sits on; the data functions see the context as the transition's assigns left it.
 */
type FromTransition<E extends OrderEvent, T> = (context: OrderContext, event: E) => T;

/** A notice; `data` holds only what the template needs (never a PIN). */
export function mail<E extends OrderEvent = OrderEvent>(
  template: MailTemplate,
  to: Recipients,
  data?: FromTransition<E, Record<string, unknown>>,
) {
  return {
    type: 'mail' as const,
    params: ({ context, event }: { context: OrderContext; event: E }) =>
      data ? { template, to, data: data(context, event) } : { template, to },
  };
}

/** The action of a guarded fallback transition: no target, no assign, so nothing changes (422). */
export function refuse<E extends OrderEvent = OrderEvent>(refusal: FromTransition<E, Refusal>) {
  return {
    type: 'refuse' as const,
    params: ({ context, event }: { context: OrderContext; event: E }) => refusal(context, event),
  };
}
