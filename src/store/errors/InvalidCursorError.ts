/** A paging cursor that the store did not hand out (a client edited or truncated it): HTTP 400. */
export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor(readonly parameter: 'cursor' | 'after', readonly value: string) {
    super(`${parameter}: not a cursor this service handed out`);
    this.name = 'InvalidCursorError';
  }
}
