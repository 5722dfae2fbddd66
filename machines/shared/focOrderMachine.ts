import type { MachineDeps } from '../types';
import { changeFocWhileScheduled, confirmFoc, focConfirmedState } from './foc';
import { initialContext } from './initialContext';
import { portAndAfterStates } from './portAndAfter';
import { portScheduling } from './portSchedule';
import { schedulingStates } from './scheduling';
import { orderSetup } from './setup';
import { submissionStates } from './submission';

/**
 * The shape of orders the losing carrier answers with a FOC date (SPEC §3.2, §3.3): US and
 * international differ only in their SUBMIT checklist (R25) and SLA (R24), which key on `kind`.
 */
export function createFocOrderMachine(kind: 'us' | 'international', deps: MachineDeps) {
  const scheduling = portScheduling(deps);
  return orderSetup.createMachine({
    id: kind,
    context: initialContext(kind),
    initial: 'draft',
    states: {
      ...submissionStates(deps, kind, { CONFIRM_FOC: confirmFoc }),
      focConfirmed: focConfirmedState(scheduling),
      ...schedulingStates(scheduling, {
        readyState: 'focConfirmed',
        windowWatch: [],
        scheduledAlsoTakes: { CHANGE_FOC: changeFocWhileScheduled },
      }),
      ...portAndAfterStates,
    },
  });
}
