import { PortflowError } from './PortflowError';

/**
 * R40: a request with this Idempotency-Key is still being carried out (a port project creates its
 * orders one commit at a time). HTTP 409; retry shortly and get its answer.
 */
export class RequestInProgressError extends PortflowError {
  readonly code = 'request_in_progress';
  readonly httpStatus = 409;

  constructor(idempotencyKey: string) {
    super(`A request with Idempotency-Key ${idempotencyKey} is still in progress; retry shortly for its answer`, { idempotencyKey });
  }
}
