import { PortflowError } from '../../errors/PortflowError';

/**
 * R56: a paging cursor that the store did not hand out (a client edited, truncated or invented it,
 * or it points past the newest entry): HTTP 400 `invalid_cursor`, with the usual issue naming the parameter.
 */
export class InvalidCursorError extends PortflowError {
  readonly code = 'invalid_cursor';
  readonly httpStatus = 400;

  constructor(parameter: 'cursor' | 'after', value: string) {
    const message = `${JSON.stringify(value.slice(0, 64))} is not a cursor this service handed out`;
    super(`query.${parameter}: ${message}`, { issues: [{ path: `query.${parameter}`, code: 'invalid_cursor', message }] });
  }
}
