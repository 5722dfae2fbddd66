import type { Job, Processor } from 'bullmq';
import type { Engine } from '../../src/engine/Engine';
import { InvalidTransitionError } from '../../src/errors/InvalidTransitionError';
import { testCallsJobSchema, type TestCallsJob } from '../../src/queues/jobs';
import { QUEUES } from '../../src/queues/names';
import type { TestCallProvider } from '../../src/testCalls/providers';
import { parseJob } from '../parseJob';

/**
 * `portflow-test-calls` (R37): asks the provider; results it has are fed back as
 * TEST_CALLS_PASSED / TEST_CALLS_FAILED. The idempotency key ties the report to the visit of
 * `testing` that asked for it, so a job run twice reports once.
 */
export function createTestCallsProcessor(deps: { engine: Engine; provider: TestCallProvider }): Processor<TestCallsJob, { reported: string }> {
  return async (job: Job<TestCallsJob>) => {
    const request = parseJob(testCallsJobSchema, job.data, QUEUES.testCalls);
    const results = await deps.provider.run(request.numbers);
    if (!results) return { reported: 'awaiting manual results' };
    const type = results.every((result) => result.passed) ? 'TEST_CALLS_PASSED' : 'TEST_CALLS_FAILED';
    try {
      await deps.engine.apply(
        request.orderId,
        { type, results },
        { id: `test-calls:${deps.provider.name}` },
        { idempotencyKey: `test-calls-${request.orderId}-${request.seq}` },
      );
    } catch (error) {
      // The order moved on (cancelled by hand, results recorded manually): nothing to report to.
      if (error instanceof InvalidTransitionError) return { reported: 'order no longer testing' };
      throw error;
    }
    return { reported: type };
  };
}
