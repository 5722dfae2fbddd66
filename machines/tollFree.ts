import type { MachineDeps } from './types';
import { initialContext } from './shared/initialContext';
import { portAndAfterStates } from './shared/portAndAfter';
import { portScheduling } from './shared/portSchedule';
import { schedulingStates } from './shared/scheduling';
import { orderSetup } from './shared/setup';
import { submissionStates } from './shared/submission';
import { droppedState, releasedState, releaseNumbers, windowWatch } from './shared/tollFreeWindow';

/** US toll-free port orders (SPEC §3.4): RELEASE opens a 30-day window to port in, or the order is dropped. */
export function createTollFreeMachine(deps: MachineDeps) {
  const scheduling = portScheduling(deps);
  return orderSetup.createMachine({
    id: 'tollFree',
    context: initialContext('tollFree'),
    initial: 'draft',
    states: {
      ...submissionStates(deps, 'tollFree', { RELEASE: releaseNumbers }),
      released: releasedState(scheduling),
      ...schedulingStates(scheduling, { readyState: 'released', windowWatch, scheduledAlsoTakes: {} }),
      ...portAndAfterStates,
      dropped: droppedState,
    },
  });
}
