import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { Logger } from 'pino';
import { DomainCounters } from '../src/metrics/DomainCounters';
import { QUEUES } from '../src/queues/names';
import type { Services } from '../src/runtime/services';
import { testCallProviderFor } from '../src/testCalls/providers';
import { createDeliveryProcessor } from '../src/webhooks';
import { createCommandProcessor } from './commands/processCommand';
import { createMailProcessor } from './mail/processMail';
import { createTestCallsProcessor } from './testCalls/processTestCalls';
import { createTimerProcessor } from './timers/processTimer';
import { recordWorkerMetrics } from './workerMetrics';


export interface WorkerHost {
  workers: Worker[];
  /** Stops taking jobs, waits for the active ones (graceful shutdown), stops the relay. */
  close(): Promise<void>;
}

/**
 * How many jobs of each queue one process runs at once; Redis round trips dominate, not CPU. Timers
 * come due in bursts (every order armed for the same instant): at 32 the drain waited on round trips
 * with the CPU half idle; 128 fired 5,000 due timers in 2.3 s instead of 3.5–4.8 s (issue 11).
 */
export const CONCURRENCY: Record<string, number> = {
  [QUEUES.commands]: 16,
  [QUEUES.timers]: 128,
  [QUEUES.mail]: 8,
  [QUEUES.webhooks]: 16,
  [QUEUES.testCalls]: 4,
};

/** Crashes of its workers a job survives; only a job that kills every worker it meets reaches this. */
const MAX_STALLS = 50;

/**
 * Starts the outbox relay and one BullMQ worker per queue that portflow consumes itself.
 * `portflow-events` is the outbound feed: integrations consume it, portflow only writes it.
 */
export function startWorkers(services: Services, logger: Logger): WorkerHost {
  const { config, engine, clock, store, mailer, queues, bullRedis } = services;
  const processors: [string, Processor][] = [
    [QUEUES.commands, createCommandProcessor({ engine }) as Processor],
    [QUEUES.timers, createTimerProcessor({ engine, clock, sandbox: config.SANDBOX }) as Processor],
    [QUEUES.mail, createMailProcessor({ store, mailer, config }) as Processor],
    [
      QUEUES.webhooks,
      createDeliveryProcessor({
        redis: services.redis,
        prefix: config.KEY_PREFIX,
        subscriptions: services.subscriptions,
        queue: queues.webhooks,
        targets: services.subscriptions.targets,
      }) as Processor,
    ],
    [
      QUEUES.testCalls,
      createTestCallsProcessor({ engine, provider: testCallProviderFor(config.TEST_CALL_PROVIDER, config.SIMULATED_TEST_CALL_FAILURES) }) as Processor,
    ],
  ];
  const workers = processors.map(([name, processor]) => {
    const options: WorkerOptions = {
      connection: bullRedis,
      prefix: config.QUEUE_PREFIX,
      concurrency: CONCURRENCY[name],
      // A job whose worker died is found stalled within a lock period and run again (BullMQ is at-least-once).
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.JOB_LOCK_MS,
      // BullMQ fails a job that stalled more than once; a job is not at fault for its workers being killed
      // (R41: a crash at any point loses no job), so allow many crashes before giving up on it.
      maxStalledCount: MAX_STALLS,
    };
    const worker = new Worker(name, processor, options);
    worker.on('failed', (job, error) => logger.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'));
    worker.on('error', (error) => logger.error({ queue: name, err: error.message }, 'worker error'));
    return worker;
  });
  recordWorkerMetrics(workers, new DomainCounters(services.redis, config.KEY_PREFIX), { sandbox: config.SANDBOX });
  const relayRun = services.relay.run();
  services.relay.onError = (error, entryId) => logger.error({ entryId, err: String(error) }, 'outbox relay');

  return {
    workers,
    async close() {
      services.relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await relayRun;
    },
  };
}
