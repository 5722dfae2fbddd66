import type { TestCallResult } from '../../machines/types';

/**
 * R37: after the port, test calls run on every ported number through a provider. Placing real
 * calls needs a carrier network that does not exist here; the two providers below are the
 * contract's own: `manual` (ops records the results as TEST_CALLS_PASSED/FAILED events) and
 * `simulated` (sandbox: no calls, configured results).
 */
export interface TestCallProvider {
  readonly name: 'manual' | 'simulated';
  /** The results, or null when they will arrive later as an event (manual). */
  run(numbers: readonly string[]): Promise<TestCallResult[] | null>;
}

export const manualProvider: TestCallProvider = {
  name: 'manual',
  run: async () => null,
};

/** Every number passes except those configured to fail (SIMULATED_TEST_CALL_FAILURES). */
export function simulatedProvider(failingNumbers: readonly string[]): TestCallProvider {
  const failing = new Set(failingNumbers);
  return {
    name: 'simulated',
    run: async (numbers) =>
      numbers.map((number) =>
        failing.has(number)
          ? { number, passed: false, detail: 'simulated: no answer' }
          : { number, passed: true, detail: 'simulated: call completed' },
      ),
  };
}

export function testCallProviderFor(name: 'manual' | 'simulated', failingNumbers: readonly string[]): TestCallProvider {
  return name === 'manual' ? manualProvider : simulatedProvider(failingNumbers);
}
