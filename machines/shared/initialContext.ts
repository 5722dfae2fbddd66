import type { OrderKind, StoredOrderInput } from '../../src/orders/orderInput';
import type { OrderContext, OrderMachineInput } from '../types';

/**
 * The context a new order starts with. XState also builds a throwaway initial snapshot without
 * input (when an actor is created), so every read is guarded: an unguarded `input.x` would throw.
 */
export function initialContext(kind: OrderKind) {
  return ({ input }: { input: OrderMachineInput | undefined }): OrderContext => ({
    id: input?.id ?? '',
    kind,
    projectId: input?.projectId ?? null,
    order: input?.order as StoredOrderInput,
    project: input?.project ?? false,
    portType: input?.portType ?? 'coordinated',
    numbers: (input?.order.numbers ?? []).map((number) => ({ number, status: 'pending' as const })),
    focDate: null,
    sameDayFoc: false,
    atRisk: false,
    schedule: null,
    inviteSequence: -1,
    window: null,
    rejectionCount: 0,
    lastRejection: null,
    changedSinceRejection: false,
    submittedAt: null,
    readiness: null,
    testResults: null,
    timers: {},
    cancelReason: null,
    createdAt: input?.at ?? '',
    updatedAt: input?.at ?? '',
  });
}
