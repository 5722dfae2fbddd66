import { enqueueActions, setup, type EventObject } from 'xstate';
import type { Effect, EffectType, Refusal } from '../effects';
import type { OrderContext, OrderEvent, OrderMachineInput } from '../types';

/** The fields of one effect, without its `type`: the params of the named action that declares it. */
export type EffectParams<T extends EffectType> = Omit<Extract<Effect, { type: T }>, 'type'>;

type ActionParams = { [T in EffectType]: EffectParams<T> } & { refuse: Refusal };
type OrderAction = { [K in keyof ActionParams]: { type: K; params: ActionParams[K] } }[keyof ActionParams];

/**
 * Effects leave the machine as named actions with params: the machine only declares them, so the
 * implementations do nothing. `runEvent` reads them off the transition result and the engine acts.
 * `refuse` is not an effect: it marks a guard that said no (the transition changes nothing).
 */
function declared<K extends keyof ActionParams>() {
  return (_: unknown, _params: ActionParams[K]) => {};
}

export const orderSetup = setup({
  types: {} as { context: OrderContext; events: OrderEvent; input: OrderMachineInput },
  actions: {
    mail: declared<'mail'>(),
    invite: declared<'invite'>(),
    armTimer: declared<'armTimer'>(),
    cancelTimer: declared<'cancelTimer'>(),
    reserveSlot: declared<'reserveSlot'>(),
    releaseSlot: declared<'releaseSlot'>(),
    testCalls: declared<'testCalls'>(),
    refuse: declared<'refuse'>(),
  },
});

type Collect<E extends OrderEvent> = Parameters<
  typeof enqueueActions<OrderContext, E, undefined, OrderEvent, never, OrderAction, never, never, EventObject>
>[0];

/** Effects that depend on the context (some only sometimes), typed for the transition of event `E`. */
export function enqueueEffects<E extends OrderEvent = OrderEvent>(collect: Collect<E>) {
  return enqueueActions<OrderContext, E, undefined, OrderEvent, never, OrderAction, never, never, EventObject>(collect);
}
