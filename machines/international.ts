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

/**
 * International port orders (SPEC §3.3): the US shape; the country's checklist applies at SUBMIT
 * (R25, in the submission checklist) and its lead time drives the SLA (R24, in the calendar).
 */
export function createInternationalMachine(deps: MachineDeps) {
  const scheduling = portScheduling(deps);
  return orderSetup.createMachine({
    id: 'international',
    context: initialContext('international'),
    initial: 'draft',
    states: {
      ...submissionStates(deps, 'international', { CONFIRM_FOC: confirmFoc }),
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
