import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Clock } from '../../src/clock/clock';
import { buildPortflowServer } from '../../src/runtime/server';
import { expectErrorShape, type ErrorAnswer } from '../api/support/apiServer';
import { createHarness, TEST_TOKENS, type Harness } from './harness';
import { usOrderInput } from './orderInputs';

/**
 * A real portflow (harness: real engine and Redis under its own prefix) served over a real socket
 * by the whole HTTP API (`buildPortflowServer`), without workers: nothing moves an order but the
 * requests a test sends, so what a test counts in Redis is what its requests wrote.
 */

/** Who calls: a configured role, no Authorization header at all, or a bearer token nobody configured. */
export type Caller = keyof typeof TEST_TOKENS | 'none' | 'unknown';
export const CALLERS: readonly Caller[] = ['viewer', 'integration', 'ops', 'none', 'unknown'];

export interface ApiAnswer {
  status: number;
  /** The parsed body when it is JSON, else its text (null when there is none). */
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** Defaults to ops. */
  as?: Caller;
  /** Sent as JSON; a string is sent as it is (for malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  harness: Harness;
  app: FastifyInstance;
  url: string;
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
  /** Creates an order (as ops, expecting 201) and returns its id. */
  createOrder(input?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

function authorizationFor(caller: Caller): Record<string, string> {
  if (caller === 'none') return {};
  const token = caller === 'unknown' ? 'nobody-configured-this-token-0000' : TEST_TOKENS[caller];
  return { authorization: `Bearer ${token}` };
}

export async function startApiHarness(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<ApiHarness> {
  const harness = createHarness(options);
  const app = await buildPortflowServer(harness.services, { logger: pino({ level: 'silent' }) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    harness,
    app,
    url,
    async call(method, path, { as = 'ops', body, headers = {} } = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...authorizationFor(as),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.startsWith('application/json') ?? false;
      return { status: response.status, body: text ? (json ? JSON.parse(text) : text) : null, headers: response.headers };
    },
    async createOrder(this: ApiHarness, input: Record<string, unknown> = usOrderInput()) {
      const created = await this.call('POST', '/v1/port-orders', { body: input });
      expect(created.status).toBe(201);
      return created.body.id as string;
    },
    async close() {
      await app.close();
      await harness.close();
    },
  };
}

/** Asserts an error answer: its status, its code and the SPEC §5 shape; returns the details. */
export function expectError(answer: ApiAnswer, status: number, code: string): Record<string, any> {
  const body: unknown = answer.body;
  expectErrorShape(body);
  expect({ status: answer.status, code: (body as ErrorAnswer).error.code }).toEqual({ status, code });
  return (body as ErrorAnswer).error.details;
}

/** The field paths of a 400 validation_failed answer. */
export function issuePaths(answer: ApiAnswer): string[] {
  const details = expectError(answer, 400, 'validation_failed');
  return (details.issues as { path: string }[]).map((issue) => issue.path);
}
