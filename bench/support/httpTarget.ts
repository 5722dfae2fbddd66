import Fastify from 'fastify';
import pino from 'pino';
import { buildPortflowServer } from '../../src/runtime/server';
import { createHarness } from '../../test/support/harness';
import { BaselineStore } from './baseline';
import { cycleMachine, cycleMachineEvent } from './orderCycle';

/**
 * The HTTP benchmark's server process: portflow's whole API, and beside it a bare Fastify route that
 * does only the baseline commit. It runs apart from autocannon so that client and server do not
 * share one event loop (the machine has 2 cores). Started by `bench/http.ts` with the key prefix
 * of the orders it created in BENCH_KEY_PREFIX etc.; prints `READY <portflow> <baseline>`.
 */
async function main(): Promise<void> {
  const env = JSON.parse(process.env.BENCH_HARNESS_ENV ?? '{}') as Record<string, string>;
  const harness = createHarness({ env });
  const machine = cycleMachine(harness);
  const baseline = new BaselineStore(harness.services.redis, process.env.BENCH_BASELINE_PREFIX!, harness.clock);

  const portflow = await buildPortflowServer(harness.services, { logger: pino({ level: 'silent' }) });
  const bare = Fastify({ logger: false });
  bare.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/baseline/:id/events', async (request) => {
    const next = await baseline.apply(machine, request.params.id, (persisted, stamp) => cycleMachineEvent(request.body, persisted, stamp));
    return { id: request.params.id, state: next.value };
  });
  const urls = await Promise.all([portflow.listen({ port: 0, host: '127.0.0.1' }), bare.listen({ port: 0, host: '127.0.0.1' })]);
  process.stdout.write(`READY ${urls.join(' ')}\n`);

  process.once('SIGTERM', () => {
    // Only the connections close: the keys belong to the parent's harness, which deletes them.
    // Requests autocannon abandoned at its deadline still have handlers running: let them finish.
    void Promise.all([portflow.close(), bare.close()])
      .then(() => new Promise((resolve) => setTimeout(resolve, 1_000)))
      .then(() => harness.services.close())
      .finally(() => process.exit(0));
  });
}

void main();
