import { createHarness, type Harness } from '../support/harness';
import { DEFAULT_RETRY_POLICY, deliveryJobOptions } from '../../src/webhooks/retryPolicy';

/**
 * R55: under `noeviction` nothing leaves Redis by itself, so every queue's finished jobs — completed
 * and failed — are removed after a bounded age and a bounded count.
 */

let harness: Harness;
beforeAll(() => {
  harness = createHarness();
});
afterAll(async () => {
  await harness?.close();
});

function expectBounded(option: unknown): void {
  expect(option).toEqual({ age: expect.any(Number), count: expect.any(Number) });
  const { age, count } = option as { age: number; count: number };
  expect([age > 0 && age <= 7 * 24 * 3600, count > 0 && count <= 100_000]).toEqual([true, true]);
}

it('R55: every queue removes its completed and failed jobs after a bounded age and count', () => {
  const queues = harness.services.queues.all();
  expect(queues).toHaveLength(6);
  for (const queue of queues) {
    expectBounded(queue.defaultJobOptions.removeOnComplete);
    expectBounded(queue.defaultJobOptions.removeOnFail);
  }
});

it('R55: webhook deliveries, which set their own job options, are bounded the same way', () => {
  const options = deliveryJobOptions(DEFAULT_RETRY_POLICY);
  expectBounded(options.removeOnComplete);
  expectBounded(options.removeOnFail);
});
