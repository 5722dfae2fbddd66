import { createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { version } from '../../package.json';
import { FakeEngine } from './support/fakeEngine';
import { startApi, testRedis, type RunningApi } from './support/apiServer';

/** SPEC §5 `GET /health`: open, 200 with a reachable Redis, 503 without one. Real Redis on both sides. */

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface HealthBody {
  status: string;
  version: string;
  redis: { reachable: boolean; latencyMs?: number; maxmemoryPolicy?: string | null; error?: string };
  warnings: string[];
}

async function health(api: RunningApi): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(`${api.url}/health`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

/** Runs `check` against a server on `redis`; the server and the client are released whatever happens. */
async function withApi(redis: Redis, check: (api: RunningApi) => Promise<void>): Promise<void> {
  try {
    const api = await startApi({ engine: new FakeEngine(), redis });
    try {
      await check(api);
    } finally {
      await api.close();
    }
  } finally {
    redis.disconnect();
  }
}

describe('GET /health', () => {
  it('SPEC §5: 200 with the version and Redis reachable under noeviction (R43)', async () => {
    await withApi(testRedis(), async (api) => {
      const { status, body } = await health(api);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', version, redis: { reachable: true, maxmemoryPolicy: 'noeviction' }, warnings: [] });
      expect(body.redis.latencyMs).toBeGreaterThanOrEqual(0);
    });
  });

  it('SPEC §5: 503 when the Redis client points at a closed port', async () => {
    // No reconnect loop: a retrying client on a closed port is the hung case below, as far as /health can tell.
    const redis = new Redis({ host: '127.0.0.1', port: await closedPort(), lazyConnect: true, maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined); // connection refused: that is the scenario
    await withApi(redis, async (api) => {
      const { status, body } = await health(api);
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'unavailable', version, redis: { reachable: false } });
    });
  });

  it('SPEC §5: 503 within about a second when Redis accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const blackHole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const redis = new Redis({ host: '127.0.0.1', port: (blackHole.address() as { port: number }).port, lazyConnect: true });
    try {
      await withApi(redis, async (api) => {
        const started = Date.now();
        const { status, body } = await health(api);
        expect(status).toBe(503);
        expect(body).toMatchObject({ status: 'unavailable', redis: { reachable: false, error: expect.stringMatching(/no answer/) } });
        expect(Date.now() - started).toBeLessThan(3000);
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});
