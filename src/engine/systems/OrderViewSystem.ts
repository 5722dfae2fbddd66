import { allowedEventsOf, type PersistedOrder } from '../../../machines/runEvent';
import { toOrderView } from '../../orders/view';
import type { OrderView } from '../types';
import type { EngineContext } from './EngineContext';

/** Builds the public order view (SPEC §5) from a stored snapshot: state, allowed events, SLA. */
export class OrderViewSystem {
  constructor(private readonly ctx: EngineContext) {}

  viewOf(persisted: PersistedOrder, version: number): OrderView {
    const machine = this.ctx.machines[persisted.context.kind];
    const context = persisted.context;
    const sla = context.submittedAt
      ? this.ctx.calendar.sla({
          kind: context.kind,
          project: context.project,
          country: context.order.country ?? 'US',
          submittedAt: context.submittedAt,
          requestedFocDate: context.order.requestedFocDate ?? null,
          releasedAt: context.window?.releasedAt ?? null,
        })
      : { responseDueBy: null, completionTargetBy: null, completionLatestBy: null };
    return toOrderView({
      context,
      state: stateOfValue(persisted.value),
      stateDetail: stateDetailOfValue(persisted.value),
      version,
      allowedEvents: allowedEventsOf(machine, persisted),
      sla,
    }) as OrderView;
  }
}

function stateOfValue(value: PersistedOrder['value']): string {
  return typeof value === 'string' ? value : Object.keys(value)[0];
}

function stateDetailOfValue(value: PersistedOrder['value']): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0];
  return `${key}.${stateDetailOfValue(inner as PersistedOrder['value'])}`;
}
