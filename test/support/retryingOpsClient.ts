import { randomUUID } from 'node:crypto';
import { TEST_TOKENS } from './harness';

/**
 * HTTP as the ops role, the way a careful integration calls portflow through an outage: each
 * logical request gets one Idempotency-Key (R40) and is repeated with it while the API cannot be
 * reached or answers 5xx, so a request that committed before its answer was lost is not applied
 * twice. A 4xx is an answer, not an outage: it throws. Bounded by `maxTries`.
 */
export interface RetryingOpsClient {
  /** The parsed JSON answer of the first 2xx. */
  call(method: string, path: string, body?: unknown): Promise<any>;
  /** Requests that were answered 2xx (one per logical call). */
  readonly accepted: number;
  /** Repeats: network errors and 5xx answers, summed over every call. */
  readonly retries: number;
  /** Of those, the 5xx answers (the rest were refused connections or dropped sockets). */
  readonly serverErrors: number;
  /** The longest a logical call took, retries included (how long an outage held a caller). */
  readonly slowestMs: number;
}

export function retryingOpsClient(baseUrl: string, options: { maxTries?: number; pauseMs?: number } = {}): RetryingOpsClient {
  const maxTries = options.maxTries ?? 200;
  const pauseMs = options.pauseMs ?? 250;
  const counts = { accepted: 0, retries: 0, serverErrors: 0, slowestMs: 0 };
  return {
    get accepted() {
      return counts.accepted;
    },
    get retries() {
      return counts.retries;
    },
    get serverErrors() {
      return counts.serverErrors;
    },
    get slowestMs() {
      return counts.slowestMs;
    },
    async call(method, path, body) {
      const idempotencyKey = randomUUID();
      const began = Date.now();
      for (let attempt = 0; attempt < maxTries; attempt++) {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).catch(() => null);
        if (response && response.status < 500) {
          const answer = await response.json();
          if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
          counts.accepted++;
          counts.slowestMs = Math.max(counts.slowestMs, Date.now() - began);
          return answer;
        }
        if (response) {
          counts.serverErrors++;
          await response.body?.cancel();
        }
        counts.retries++;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      throw new Error(`${method} ${path}: no answer after ${maxTries} tries`);
    },
  };
}
