import { PortflowError } from './PortflowError';

/** R51: this API key sent more writes this minute than `RATE_LIMIT_WRITES_PER_MINUTE`. HTTP 429 with `Retry-After`. */
export class RateLimitedError extends PortflowError {
  readonly code = 'rate_limited';
  readonly httpStatus = 429;

  constructor(limitPerMinute: number, retryAfterSeconds: number) {
    super(`More than ${limitPerMinute} writes a minute with this API key; retry after ${retryAfterSeconds} s`, { limitPerMinute, retryAfterSeconds });
  }
}
