import { ValidationError } from '../../errors/ValidationError';

/** A paging cursor that the store did not hand out (a client edited or truncated it): HTTP 400 on that parameter. */
export class InvalidCursorError extends ValidationError {
  constructor(parameter: 'cursor' | 'after', value: string) {
    super([{ path: `query.${parameter}`, code: 'invalid_cursor', message: `${JSON.stringify(value.slice(0, 64))} is not a cursor this service handed out` }]);
  }
}
