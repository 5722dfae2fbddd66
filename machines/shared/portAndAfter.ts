import { cancelledState } from './cancellation';
import { partiallyPorted, porting } from './portDay';
import { completed, testFailed, testing } from './testing';

/** The states every kind shares from the port on (R29, R36, R37), plus `cancelled`. */
export const portAndAfterStates = {
  porting,
  partiallyPorted,
  testing,
  testFailed,
  completed,
  cancelled: cancelledState,
};
