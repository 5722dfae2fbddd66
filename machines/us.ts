import type { MachineDeps } from './types';
import { createFocOrderMachine } from './shared/focOrderMachine';

/** US local and wireless port orders (SPEC §3.2). */
export function createUsMachine(deps: MachineDeps) {
  return createFocOrderMachine('us', deps);
}
