import type { OrderContext } from '../types';
import { mail } from './declare';
import { assignFrom, type EventOf } from './events';
import { numbersWith } from './portDay';
import { orderSetup } from './setup';

/** testing, testFailed and completed (R37): test calls run on every ported number. */
const runTestCalls = {
  type: 'testCalls' as const,
  params: ({ context }: { context: OrderContext }) => ({ numbers: numbersWith(context.numbers, 'ported') }),
};

const recordResults = assignFrom<EventOf<'TEST_CALLS_PASSED' | 'TEST_CALLS_FAILED'>>((_, event) => ({
  testResults: event.results,
}));

export const testing = orderSetup.createStateConfig({
  entry: runTestCalls,
  on: {
    TEST_CALLS_PASSED: {
      target: 'completed',
      actions: [recordResults, mail('completed', 'contacts', (c) => ({ results: c.testResults }))],
    },
    TEST_CALLS_FAILED: {
      target: 'testFailed',
      actions: [recordResults, mail('testCallsFailed', 'both', (c) => ({ results: c.testResults }))],
    },
  },
});

export const testFailed = orderSetup.createStateConfig({ on: { RETEST: 'testing' } });

export const completed = orderSetup.createStateConfig({ type: 'final' });
