import type { MachineDeps } from './types';
import { cancelledState } from './shared/cancellation';
import { changeFocWhileScheduled, confirmFoc, focConfirmedState } from './shared/foc';
import { initialContext } from './shared/initialContext';
import { partiallyPorted, porting } from './shared/portDay';
import { portScheduling } from './shared/portSchedule';
import { schedulingStates } from './shared/scheduling';
import { orderSetup } from './shared/setup';
import { submissionStates } from './shared/submission';
import { completed, testFailed, testing } from './shared/testing';

/** US local and wireless port orders (SPEC §3.2). */
export function createUsMachine(deps: MachineDeps) {
  const scheduling = portScheduling(deps);
  return orderSetup.createMachine({
    id: 'us',
    context: initialContext('us'),
    initial: 'draft',
    states: {
      ...submissionStates(deps, 'us', { CONFIRM_FOC: confirmFoc }),
      focConfirmed: focConfirmedState(scheduling),
      ...schedulingStates(scheduling, {
        readyState: 'focConfirmed',
        windowWatch: [],
        scheduledAlsoTakes: { CHANGE_FOC: changeFocWhileScheduled },
      }),
      porting,
      partiallyPorted,
      testing,
      testFailed,
      completed,
      cancelled: cancelledState,
    },
  });
}
