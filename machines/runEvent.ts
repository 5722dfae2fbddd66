import { initialTransition, transition, type AnyStateMachine, type StateValue } from 'xstate';
import type { OrderKind } from '../src/orders/orderInput';
import type { Effect, EffectType, Refusal } from './effects';
import { createInternationalMachine } from './international';
import { createTollFreeMachine } from './tollFree';
import { finalStates, type MachineDeps, type OrderContext, type OrderEvent, type OrderMachineInput, type OrderState } from './types';
import { createUsMachine } from './us';

/**
 * The one way to run the machines. Pure: a persisted order and an event in, the next persisted order
 * and the effects out (XState's `transition()` / `initialTransition()`); the engine commits both
 * atomically.
 */

export type OrderMachine =
  | ReturnType<typeof createUsMachine>
  | ReturnType<typeof createTollFreeMachine>
  | ReturnType<typeof createInternationalMachine>;

/** The snapshot as stored: JSON that round-trips through Redis (no history states, no child actors). */
export interface PersistedOrder {
  value: StateValue;
  context: OrderContext;
}

export interface RunResult {
  /** False: the state does not take the event (engine: 409 invalid_transition). */
  accepted: boolean;
  /** Set: a guard refused (engine: 422 rule_violation). Nothing changed. */
  refusal: Refusal | null;
  next: PersistedOrder;
  effects: Effect[];
  state: OrderState;
  stateDetail: string;
  allowedEvents: string[];
  final: boolean;
}

export function createOrderMachines(deps: MachineDeps): Record<OrderKind, OrderMachine> {
  return {
    us: createUsMachine(deps),
    tollFree: createTollFreeMachine(deps),
    international: createInternationalMachine(deps),
  };
}

const effectTypes: ReadonlySet<string> = new Set<EffectType>([
  'mail',
  'invite',
  'armTimer',
  'cancelTimer',
  'reserveSlot',
  'releaseSlot',
  'testCalls',
]);

interface DeclaredAction {
  type: string;
  params?: unknown;
}

/** Splits the declared actions into effects and the refusal, if a guard refused. */
function collect(declared: DeclaredAction[]): { effects: Effect[]; refusal: Refusal | null } {
  const effects: Effect[] = [];
  let refusal: Refusal | null = null;
  for (const action of declared) {
    if (action.type === 'refuse') refusal = action.params as Refusal;
    else if (effectTypes.has(action.type)) effects.push({ type: action.type, ...(action.params as object) } as Effect);
  }
  return { effects, refusal };
}

/** A new order in `draft`, with the effects of creation (the draft reminder). */
export function startOrder(
  machine: OrderMachine,
  input: OrderMachineInput,
): { snapshot: PersistedOrder; effects: Effect[] } {
  const [initial, actions] = initialTransition(machine as AnyStateMachine, input);
  const { effects } = collect(actions);
  return { snapshot: { value: initial.value, context: initial.context as OrderContext }, effects };
}

/**
 * One event through XState's pure `transition()`: the declared actions come back as a value
 * instead of running, so effects are data the engine commits with the snapshot.
 */
export function runEvent(machine: OrderMachine, persisted: PersistedOrder, event: OrderEvent): RunResult {
  const logic = machine as AnyStateMachine;
  const current = logic.resolveState({ value: persisted.value, context: persisted.context });
  const [after, actions] = transition(logic, current, event);
  const { effects, refusal } = collect(actions);
  // An event the state does not handle leaves the very same snapshot and declares nothing.
  const accepted = refusal === null && (after !== current || effects.length > 0);
  const next: PersistedOrder = accepted
    ? { value: after.value, context: { ...(after.context as OrderContext), updatedAt: event.at } }
    : persisted;
  const state = stateOf(next);
  return {
    accepted,
    refusal,
    next,
    effects: accepted ? effects : [],
    state,
    stateDetail: state,
    allowedEvents: allowedEventsOf(machine, next),
    final: finalStates.includes(state),
  };
}

/** The top-level state (`order.state`); the machines are flat, so it is also the detail. */
export function stateOf(persisted: PersistedOrder): OrderState {
  return persisted.value as OrderState;
}

/** Event types the current state handles, whether or not a guard would let them through; never TIMER. */
const allowedByState = new WeakMap<OrderMachine, Map<string, string[]>>();

export function allowedEventsOf(machine: OrderMachine, persisted: PersistedOrder): string[] {
  let byState = allowedByState.get(machine);
  if (!byState) allowedByState.set(machine, (byState = new Map()));
  const state = stateOf(persisted);
  let allowed = byState.get(state);
  if (!allowed) {
    const node = (machine as AnyStateMachine).states[state];
    allowed = node ? node.ownEvents.filter((type) => type !== 'TIMER') : [];
    byState.set(state, allowed);
  }
  return allowed;
}
