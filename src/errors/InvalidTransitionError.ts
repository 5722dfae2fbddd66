import { PortflowError } from './PortflowError';

/** SPEC §3.1: the current state does not accept the event; nothing changed and nothing was sent. HTTP 409. */
export class InvalidTransitionError extends PortflowError {
  readonly code = 'invalid_transition';
  readonly httpStatus = 409;

  constructor(orderId: string, state: string, event: string, allowedEvents: string[]) {
    super(`Order ${orderId} is ${state}: ${event} is not accepted there (accepted: ${allowedEvents.join(', ') || 'none'})`, {
      orderId,
      state,
      event,
      allowedEvents,
    });
  }
}
