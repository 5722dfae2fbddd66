import type { JobsOptions } from 'bullmq';
import { KEEP_FINISHED } from '../queues/Queues';

/**
 * How a failing delivery is retried (SPEC §5.1: at least 8 tries over about a day).
 * Exponential from `backoffDelayMs`: with the defaults, 10 tries wait 3, 6, 12 … 768 minutes between
 * them — 25.5 hours in all, less up to 20 % jitter so that the retries of many subscriptions that
 * failed together (a receiver outage) do not come back at the same second.
 */
export interface RetryPolicy {
  attempts: number;
  backoffDelayMs: number;
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 10, backoffDelayMs: 180_000, jitter: 0.2 };


export function deliveryJobOptions(policy: RetryPolicy): JobsOptions {
  return {
    attempts: policy.attempts,
    // BullMQ's own exponential strategy takes the jitter: no custom strategy to register on every worker.
    backoff: { type: 'exponential', delay: policy.backoffDelayMs, jitter: policy.jitter },
    // Kept as long as every queue's jobs (R41 dedupe), and no longer (R55).
    ...KEEP_FINISHED,
  };
}
