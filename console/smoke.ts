import pino from 'pino';
import { createHarness, TEST_TOKENS } from '../test/support/harness';
import { buildPortflowServer } from '../src/runtime/server';
import { startWorkers } from '../workers/startWorkers';
import { usOrderInput } from '../test/support/orderInputs';
void (async () => {
  const harness = createHarness({ env: { SANDBOX: '1' } });
  const workers = startWorkers(harness.services, pino({ level: 'silent' }));
  const app = await buildPortflowServer(harness.services, { logger: pino({ level: 'warn' }) });
  const url = await app.listen({ port: 3917, host: '127.0.0.1' });
  const h = { authorization: `Bearer ${TEST_TOKENS.ops}`, 'content-type': 'application/json' };
  const created = await (await fetch(`${url}/v1/port-orders`, { method: 'POST', headers: h, body: JSON.stringify(usOrderInput()) })).json() as any;
  console.log('created', created.id);
  await fetch(`${url}/v1/port-orders/${created.id}/events`, { method: 'POST', headers: h, body: JSON.stringify({ type: 'SUBMIT' }) });
  console.log(url, 'ready');
  process.on('SIGTERM', async () => { await app.close(); await workers.close(); await harness.close(); process.exit(0); });
})();
