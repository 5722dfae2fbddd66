import { PortflowError } from './PortflowError';

/**
 * R81: the commit was written on the primary, but fewer replicas than REDIS_MIN_REPLICAS_ACK
 * confirmed it in time, so it could still be lost with the primary. HTTP 503: retry with the same
 * Idempotency-Key; the retry replays the commit if it survived, or carries it out again if not.
 */
export class ReplicationUnconfirmedError extends PortflowError {
  readonly code = 'replication_unconfirmed';
  readonly httpStatus = 503;

  constructor(required: number, acknowledged: number, timeoutMs: number) {
    super(`The change reached ${acknowledged} of the ${required} Redis replicas required within ${timeoutMs} ms; retry with the same Idempotency-Key`, {
      required,
      acknowledged,
      timeoutMs,
    });
  }
}
