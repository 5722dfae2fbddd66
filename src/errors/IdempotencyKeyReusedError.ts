import { PortflowError } from './PortflowError';

/**
 * R54: an Idempotency-Key already stands for another request of this caller (another body, event,
 * order or route). Answering the first request's result would tell the caller that something
 * happened which did not; HTTP 422, nothing written.
 */
export class IdempotencyKeyReusedError extends PortflowError {
  readonly code = 'idempotency_key_reused';
  readonly httpStatus = 422;

  constructor(idempotencyKey: string) {
    super(`Idempotency-Key ${idempotencyKey} was already used for a different request; use a new key for a new request`, { idempotencyKey });
  }
}
