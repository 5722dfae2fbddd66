import { createOrderMachines, type PersistedOrder } from '../../machines/runEvent';
import type { OrderEvent } from '../../machines/types';
import type { Harness } from '../../test/support/harness';
import { usOrderInput } from '../../test/support/orderInputs';
import type { BaselineStore } from './baseline';
import { geographicNumbers } from './numbers';
import { forEachConcurrently } from './stats';

/**
 * The event workload of the engine and HTTP benchmarks: a submitted US order is rejected, updated
 * and resubmitted, which brings it back to `submitted`, so the same orders serve every run. It
 * touches what real traffic touches: a rule-checked resubmit, a whole-order re-validation
 * (UPDATE), timers armed and cancelled, a state change on two of the three events.
 */
export const CYCLE = [
  { type: 'REJECT', reason: 'Service address does not match the CSR', code: '1P' },
  { type: 'UPDATE', customerReference: 'PO-2' },
  { type: 'RESUBMIT' },
] as const;

/** Each UPDATE must change the order (R26 refuses an unchanged resubmit): the reference alternates. */
export function cycleEvent(step: number, round: number): Record<string, unknown> {
  const event = CYCLE[step];
  return event.type === 'UPDATE' ? { ...event, customerReference: `PO-${round}` } : { ...event };
}

/**
 * The machine event the engine would build from a cycle event, for the baseline (which skips the
 * API layer: no schema, no re-validation). An UPDATE is merged over the order as it stands.
 */
export function cycleMachineEvent(apiEvent: Record<string, unknown>, persisted: PersistedOrder, stamp: { at: string; seq: number }): OrderEvent {
  const { type, ...changes } = apiEvent;
  if (type !== 'UPDATE') return { ...apiEvent, ...stamp } as OrderEvent;
  const order = { ...persisted.context.order, ...changes };
  return { type: 'UPDATE', order, project: false, portType: 'coordinated', ...stamp } as OrderEvent;
}

/** Creates and submits `count` US orders (not measured); the baseline gets a copy of each snapshot. */
export async function submittedOrders(harness: Harness, count: number, baseline: BaselineStore): Promise<readonly string[]> {
  const { engine, store } = harness.services;
  const ids: string[] = [];
  const indexes = Array.from({ length: count }, (_, i) => i);
  await forEachConcurrently(indexes, 64, async () => {
    const actor = { id: 'bench' };
    const { id } = await engine.createOrder(usOrderInput({ numbers: geographicNumbers(2) }), actor);
    await engine.apply(id, { type: 'SUBMIT' }, actor);
    const stored = await store.load(id);
    await baseline.commit(id, 0, JSON.parse(stored!.snapshot) as PersistedOrder);
    ids.push(id);
  });
  return ids;
}

/** The engine's own US machine: the baseline runs exactly the same logic. */
export function cycleMachine(harness: Harness) {
  return createOrderMachines({ calendar: harness.services.calendar, portWindowMinutes: harness.config.PORT_WINDOW_MINUTES }).us;
}
