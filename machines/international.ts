import type { MachineDeps } from './types';
import { createFocOrderMachine } from './shared/focOrderMachine';

/**
 * International port orders (SPEC §3.3): the US shape; the country's checklist applies at SUBMIT
 * (R25, in the submission checklist) and its lead time drives the SLA (R24, in the calendar).
 */
export function createInternationalMachine(deps: MachineDeps) {
  return createFocOrderMachine('international', deps);
}
