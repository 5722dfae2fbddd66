import { PortflowError } from './PortflowError';

/**
 * R59: an order was changed by so many writers at once that a request without If-Match lost every
 * recomputation it was allowed. The request changed nothing; retrying after `Retry-After` is safe.
 * HTTP 503, never 409: the caller did not ask for a conditional write.
 */
export class BusyError extends PortflowError {
  readonly code = 'busy';
  readonly httpStatus = 503;
  readonly retryAfterSeconds = 1;

  constructor(orderId: string) {
    super(`Order ${orderId} is being changed by many writers at once; nothing was changed, retry shortly`, { orderId });
  }
}
