import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../config/config';
import type { Actor } from '../engine/types';
import { ForbiddenError, UnauthorizedError } from './accessErrors';

/**
 * What a route needs (SPEC §5): `read` (GETs and the calendar check, which changes nothing),
 * `write` (create orders and projects, send events), `admin` (webhooks, sandbox). `open` routes
 * take no token.
 * A route in the authenticated scope that declares nothing is `admin`: forgetting is safe.
 */
export type Access = 'open' | 'read' | 'write' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set by `authenticate` on every route of the authenticated scope. */
    actor: Actor | null;
  }
}

const grants: Record<Role, ReadonlySet<Access>> = {
  viewer: new Set(['read']),
  integration: new Set(['read', 'write']),
  ops: new Set(['read', 'write', 'admin']),
};

export function roleGrants(role: Role, access: Access): boolean {
  return access === 'open' || grants[role].has(access);
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The configured API keys. Tokens are compared as SHA-256 digests with `timingSafeEqual`: hashing
 * makes both sides 32 bytes (so neither the length nor a common prefix of the real token shows in
 * the timing), and every key is compared, matched or not.
 */
export class ApiKeyRing {
  private readonly keys: { role: Role; digest: Buffer }[];

  constructor(keys: readonly { role: Role; token: string }[]) {
    this.keys = keys.map((key) => ({ role: key.role, digest: sha256(key.token) }));
  }

  roleOf(token: string): Role | undefined {
    const presented = sha256(token);
    let found: Role | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.digest) && found === undefined) found = key.role;
    }
    return found;
  }
}

const bearer = /^Bearer +(\S+) *$/i;

/**
 * The server's `onRequest` hook: resolves the caller's role and checks the route's access. An
 * unknown route is left to the 404 handler, so it answers the same with or without a token.
 */
export function authenticate(ring: ApiKeyRing) {
  return async function checkAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const access = request.routeOptions.config.access ?? 'admin';
    if (access === 'open' || request.is404) return;
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthorizedError('Missing Authorization: Bearer <token>');
    const match = bearer.exec(header);
    const role = match ? ring.roleOf(match[1]) : undefined;
    if (role === undefined) throw new UnauthorizedError('Unknown API key');
    if (!roleGrants(role, access)) throw new ForbiddenError(role, access);
    request.actor = { id: `api:${role}`, role, key: sha256(match![1]).toString('hex') };
  };
}

/** The caller of a route of the authenticated scope (the hook ran before the handler). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error('actorOf: route is outside the authenticated scope');
  return request.actor;
}
