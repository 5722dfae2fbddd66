import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { RedisClient } from '../../store/redis';
import { QUEUES } from '../../queues/names';

/** A health check must answer even when Redis hangs: a probe that takes longer than this counts as down. */
const REDIS_PROBE_TIMEOUT_MS = 1000;

/** R58: an outbox entry waiting longer than this to be relayed means the relay is stuck or missing. */
const OUTBOX_AGE_WARNING_MS = 60_000;

interface RedisProbe {
  reachable: boolean;
  latencyMs?: number;
  maxmemoryPolicy?: string | null;
  error?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // The losing promise may still settle later (an offline-queued PING); nobody is waiting for it then.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** CONFIG GET answers `[name, value]` over RESP2 and `{ name: value }` over RESP3. */
function policyFrom(reply: unknown): string | null {
  if (Array.isArray(reply)) return typeof reply[1] === 'string' ? reply[1] : null;
  const value = (reply as Record<string, unknown> | null)?.['maxmemory-policy'];
  return typeof value === 'string' ? value : null;
}

async function probeRedis(redis: RedisClient): Promise<RedisProbe> {
  const started = performance.now();
  try {
    await withTimeout(redis.ping(), REDIS_PROBE_TIMEOUT_MS);
  } catch (error) {
    return { reachable: false, error: (error as Error).message };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  // Managed Redis often forbids CONFIG; the policy is then unknown, not a failure.
  const maxmemoryPolicy = await withTimeout(redis.config('GET', 'maxmemory-policy'), REDIS_PROBE_TIMEOUT_MS).then(policyFrom, () => null);
  return { reachable: true, latencyMs, maxmemoryPolicy };
}

interface QueueProbe {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  workers: number;
}

/** Backlog and consumers of each queue portflow works itself (SPEC §5: "queues, workers"). */
async function probeQueues(queues: readonly Queue[]): Promise<QueueProbe[] | null> {
  try {
    return await withTimeout(
      Promise.all(
        queues.map(async (queue) => {
          const [counts, workers] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'failed'), queue.getWorkersCount()]);
          return { name: queue.name, waiting: counts.waiting, active: counts.active, delayed: counts.delayed, failed: counts.failed, workers };
        }),
      ),
      REDIS_PROBE_TIMEOUT_MS,
    );
  } catch {
    return null;
  }
}

async function probeOutbox(outboxAgeMs: () => Promise<number>): Promise<{ oldestEntryAgeMs: number } | null> {
  try {
    return { oldestEntryAgeMs: await withTimeout(outboxAgeMs(), REDIS_PROBE_TIMEOUT_MS) };
  } catch {
    return null;
  }
}

/** `GET /health` (open): 200 when Redis answers, 503 when it does not; R43's eviction policy shows as a warning. */
export function registerHealthRoute(
  app: FastifyInstance,
  redis: RedisClient,
  version: string,
  queues: readonly Queue[] = [],
  outboxAgeMs?: () => Promise<number>,
): void {
  app.get(
    '/health',
    {
      schema: { summary: 'Liveness and Redis reachability', tags: ['operations'] },
      config: { access: 'open', docs: { success: [200, 'Health'], errors: [503] } },
    },
    async (_request, reply) => {
      const probe = await probeRedis(redis);
      const queueProbes = probe.reachable && queues.length > 0 ? await probeQueues(queues) : null;
      const outbox = probe.reachable && outboxAgeMs ? await probeOutbox(outboxAgeMs) : null;
      const warnings =
        probe.maxmemoryPolicy && probe.maxmemoryPolicy !== 'noeviction'
          ? [`Redis maxmemory-policy is ${probe.maxmemoryPolicy}; BullMQ needs noeviction (R43)`]
          : [];
      // No worker is not "down" for the API (it still takes orders), but nothing will be sent: say so.
      for (const queue of queueProbes ?? []) {
        if (queue.workers > 0) continue;
        // R55: integrations consume portflow-events when they run; jobs waiting with nobody there pile up under noeviction.
        if (queue.name !== QUEUES.events) warnings.push(`no worker consumes ${queue.name}`);
        else if (queue.waiting > 0) warnings.push(`${queue.name} has ${queue.waiting} waiting jobs and no consumer; they stay in Redis until one comes (EVENTS_QUEUE=0 turns the queue off)`);
      }
      if (outbox && outbox.oldestEntryAgeMs > OUTBOX_AGE_WARNING_MS) {
        warnings.push(`the oldest outbox entry has waited ${Math.round(outbox.oldestEntryAgeMs / 1000)} s to be relayed (R58)`);
      }
      return reply
        .code(probe.reachable ? 200 : 503)
        .send({ status: probe.reachable ? 'ok' : 'unavailable', version, redis: probe, queues: queueProbes, outbox, warnings });
    },
  );
}
