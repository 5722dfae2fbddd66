import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildPortflowServer } from '../../../src/runtime/server';
import { startWorkers, type WorkerHost } from '../../../workers/startWorkers';
import { createHarness, TEST_TOKENS, type Harness } from '../../support/harness';

/**
 * A whole portflow as `npm start` runs it for a newcomer: sandbox clock, no SMTP_URL (mail goes to the
 * dev mailbox the console lists), the workers, the API and the console on a real socket.
 */
export interface ConsoleStack {
  harness: Harness;
  url: string;
  /** HTTP as the ops role (bearer), for setting orders up. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startConsoleStack(env: Record<string, string> = {}, options: { workers?: boolean } = {}): Promise<ConsoleStack> {
  const harness = createHarness({ env: { SANDBOX: '1', ...env } });
  const workers: WorkerHost | null = options.workers === false ? null : startWorkers(harness.services, pino({ level: 'silent' }));
  const app: FastifyInstance = await buildPortflowServer(harness.services, { logger: pino({ level: 'silent' }) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    harness,
    url,
    async call(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await app.close();
      await workers?.close();
      await harness.close();
    },
  };
}
