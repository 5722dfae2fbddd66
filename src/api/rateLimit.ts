import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RedisClient } from '../store/redis';
import { RateLimitedError } from '../errors/RateLimitedError';

export interface WriteRateLimitOptions {
  /** Writes per key and minute; 0 turns the limit off. */
  perMinute: number;
  /** Key prefix of the counters (they live in Redis, shared by every API process). */
  keyPrefix: string;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A write: a route that changes something (write or admin access), not a GET, nor the calendar check (read). */
function isWrite(request: FastifyRequest): boolean {
  const access = request.routeOptions.config?.access ?? 'admin';
  return (access === 'write' || access === 'admin') && !READ_METHODS.has(request.method);
}

/**
 * Counted per API key: the caller's role and a digest of its credential (never the token itself in
 * Redis), so two keys of one role have a budget each.
 */
function callerKey(request: FastifyRequest): string {
  const credential = createHash('sha256').update(request.headers.authorization ?? '').digest('hex').slice(0, 32);
  return `${request.actor?.id ?? 'anonymous'}:${credential}`;
}

/**
 * R51: writes are rate-limited per key (429 `rate_limited` with `Retry-After`), with the counters in
 * Redis so that every API process shares them. It runs after authentication (preHandler), so a
 * refused key never spends anyone's budget; reads are not limited.
 */
export async function registerWriteRateLimit(app: FastifyInstance, redis: RedisClient, { perMinute, keyPrefix }: WriteRateLimitOptions): Promise<void> {
  if (perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: perMinute,
    timeWindow: 60_000,
    redis,
    nameSpace: `${keyPrefix}:ratelimit:`,
    keyGenerator: callerKey,
    allowList: (request) => !isWrite(request),
    // A Redis hiccup must not refuse writes: the store of record fails them anyway if Redis is down.
    skipOnError: true,
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
    errorResponseBuilder: (_request, context) => new RateLimitedError(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
