import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildPortflowServer } from '../../src/runtime/server';
import { startWorkers, type WorkerHost } from '../../workers/startWorkers';
import { createHarness, TEST_TOKENS, type Harness } from './harness';
import { startSmtpSink, type SmtpSink } from './smtpSink';

/**
 * A whole portflow for end-to-end tests: real Redis, the BullMQ workers and outbox relay, the HTTP
 * API on a real socket, and a real SMTP server in-process that keeps what it receives.
 */
export interface Stack {
  harness: Harness;
  smtp: SmtpSink;
  app: FastifyInstance;
  workers: WorkerHost;
  url: string;
  /** HTTP as the ops role; returns status and parsed body. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const smtp = await startSmtpSink();
  const harness = createHarness({ env: { SANDBOX: '1', SMTP_URL: smtp.smtpUrl, ...env } });
  const workers = startWorkers(harness.services, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const app = await buildPortflowServer(harness.services, { logger: pino({ level: 'silent' }) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    harness,
    smtp,
    app,
    workers,
    url,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_TOKENS.ops}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await app.close();
      await workers.close();
      await harness.close();
      await smtp.close();
    },
  };
}

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
