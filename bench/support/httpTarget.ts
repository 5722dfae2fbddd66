import Fastify from 'fastify';
import pino from 'pino';
import { ulid } from 'ulid';
import { buildPortflowServer } from '../../src/runtime/server';
import { createHarness } from '../../test/support/harness';
import { startWorkers } from '../../workers/startWorkers';
import { BaselineStore } from './baseline';
import { cycleMachine, cycleMachineEvent } from './orderCycle';

/**
 * The HTTP benchmarks' server process: portflow's whole API, and beside it bare Fastify routes that
 * do only the baseline work. It runs apart from autocannon so that client and server do not share
 * one event loop (the machine has 2 cores). Started by `bench/http.ts` and `bench/writes.ts` with the
 * harness env in BENCH_HARNESS_ENV; BENCH_WITH_WORKERS=1 also runs the workers in this process, as
 * `npm start` does (the embedded default). Prints `READY <portflow> <baseline>`.
 */
async function main(): Promise<void> {
  const env = JSON.parse(process.env.BENCH_HARNESS_ENV ?? '{}') as Record<string, string>;
  const harness = createHarness({ env });
  const machine = cycleMachine(harness);
  const baseline = new BaselineStore(harness.services.redis, process.env.BENCH_BASELINE_PREFIX!, harness.clock);
  const logger = pino({ level: 'silent' });

  const portflow = await buildPortflowServer(harness.services, { logger });
  const workers = process.env.BENCH_WITH_WORKERS === '1' ? startWorkers(harness.services, logger) : null;
  const bare = Fastify({ logger: false });
  bare.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/baseline/:id/events', async (request) => {
    const next = await baseline.apply(machine, request.params.id, (persisted, stamp) => cycleMachineEvent(request.body, persisted, stamp));
    return { id: request.params.id, state: next.value };
  });
  // One Lua compare-and-set of the order's own snapshot, written back unchanged: a write's floor.
  bare.post<{ Params: { id: string } }>('/baseline/:id/cas', async (request) => {
    for (;;) {
      const { persisted, version } = await baseline.load(request.params.id);
      if (await baseline.commit(request.params.id, version, persisted)) return { id: request.params.id, version: version + 1 };
    }
  });
  // A create's floor: the same request body parsed, then one Lua compare-and-set from version 0 of a
  // new order's snapshot (the draft order :id's, read like the write floor reads its order) under a new id.
  bare.post<{ Params: { id: string } }>('/baseline/:id/copies', async (request) => {
    const { persisted } = await baseline.load(request.params.id);
    const id = `bl_${ulid()}`;
    await baseline.commit(id, 0, persisted);
    return { id, version: 1 };
  });
  bare.get<{ Params: { id: string } }>('/baseline/:id', async (request) => (await baseline.load(request.params.id)).persisted);
  bare.get('/baseline', async () => ({ items: await baseline.page(50) }));
  const urls = await Promise.all([portflow.listen({ port: 0, host: '127.0.0.1' }), bare.listen({ port: 0, host: '127.0.0.1' })]);
  process.stdout.write(`READY ${urls.join(' ')}\n`);

  process.once('SIGTERM', () => {
    // Only the connections close: the keys belong to the parent's harness, which deletes them.
    // Requests autocannon abandoned at its deadline still have handlers running: let them finish.
    void Promise.all([portflow.close(), bare.close(), workers?.close()])
      .then(() => new Promise((resolve) => setTimeout(resolve, 1_000)))
      .then(() => harness.services.close())
      .finally(() => process.exit(0));
  });
}

void main();
