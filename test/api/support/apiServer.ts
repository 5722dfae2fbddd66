import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildServer, type ServerDeps } from '../../../src/api/buildServer';
import { createMetrics } from '../../../src/api/metrics';
import { loadConfig, type Config } from '../../../src/config/config';

/** One key per role; 16+ characters as the configuration requires. */
export const tokens = {
  viewer: 'viewer-token-0123456789abcdef',
  integration: 'integration-token-0123456789ab',
  ops: 'ops-token-0123456789abcdef0123',
} as const;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    API_KEYS: Object.entries(tokens)
      .map(([role, token]) => `${role}:${token}`)
      .join(','),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** The test Redis (127.0.0.1:6379). The API tests only PING and CONFIG GET it: no keys are written. */
export function testRedis(): Redis {
  return new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
}

export interface RunningApi {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Builds the server and listens on a free port: the tests talk real HTTP over a socket. */
export async function startApi(deps: Pick<ServerDeps, 'engine' | 'redis'> & Partial<ServerDeps>): Promise<RunningApi> {
  const app = await buildServer({ config: testConfig(), metrics: createMetrics({ processMetrics: false }), ...deps });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: address, close: () => app.close() };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface ErrorAnswer {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** Every error answer has exactly the SPEC §5 shape. */
export function expectErrorShape(body: unknown): asserts body is ErrorAnswer {
  expect(body).toEqual({
    error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) },
  });
}
