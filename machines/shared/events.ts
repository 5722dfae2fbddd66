import { assign } from 'xstate';
import type { OrderContext, OrderEvent, OrderEventType } from '../types';

/** The event of a transition `on: { [T]: … }`, for typing the shared guards and actions. */
export type EventOf<T extends OrderEventType> = Extract<OrderEvent, { type: T }>;

/** An assign typed for the transition of event `E` (XState cannot infer it outside a machine). */
export function assignFrom<E extends OrderEvent>(change: (context: OrderContext, event: E) => Partial<OrderContext>) {
  return assign<OrderContext, E, undefined, OrderEvent, never>(({ context, event }) => change(context, event));
}
