import type { MachineDeps } from './types';
import { cancelledState } from './shared/cancellation';
import { initialContext } from './shared/initialContext';
import { partiallyPorted, porting } from './shared/portDay';
import { portScheduling } from './shared/portSchedule';
import { schedulingStates } from './shared/scheduling';
import { orderSetup } from './shared/setup';
import { submissionStates } from './shared/submission';
import { completed, testFailed, testing } from './shared/testing';
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
      porting,
      partiallyPorted,
      testing,
      testFailed,
      completed,
      cancelled: cancelledState,
      dropped: droppedState,
    },
  });
}
