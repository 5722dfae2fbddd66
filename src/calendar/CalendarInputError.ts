import { PortflowError } from '../errors/PortflowError';

/**
 * A calendar method was called with a value it cannot interpret (a malformed date, a negative count).
 * The API validates its inputs first, so reaching this usually means a caller passed something unchecked;
 * it still maps to HTTP 400 rather than a 500.
 */
export class CalendarInputError extends PortflowError {
  readonly code = 'calendar_invalid_input';
  readonly httpStatus = 400;

  constructor(readonly field: string, detail: string) {
    super(`calendar: ${field}: ${detail}`, { field });
  }
}
