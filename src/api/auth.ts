import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../config/config';
import type { Actor } from '../engine/types';
import { CsrfTokenError } from '../errors/CsrfTokenError';
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

/** A signed-in console user (R66): the role of the API key they signed in with, and the session's CSRF token. */
export interface ConsoleSession {
  role: Role;
  csrfToken: string;
}

/** Where the API looks up the console's session cookie (the console owns the sessions). */
export interface SessionResolver {
  readonly cookieName: string;
  resolve(sessionId: string): Promise<ConsoleSession | null>;
}

/** The value of one cookie in a `Cookie` header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

const safeMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A presented secret (a header or form field) equals the expected one, compared in constant time. */
export function sameSecret(presented: unknown, expected: string): boolean {
  return typeof presented === 'string' && timingSafeEqual(sha256(presented), sha256(expected));
}

/**
 * The console's calls (SPEC §5, R66): no Authorization header, the session cookie instead. SameSite=Strict
 * already keeps the cookie off other sites' requests; a write must also carry the session's CSRF token in
 * `X-CSRF-Token`, which another site can neither read nor set (defence in depth for old browsers).
 */
async function sessionRole(request: FastifyRequest, sessions: SessionResolver | undefined): Promise<Role | undefined> {
  if (!sessions) return undefined;
  const sessionId = cookieValue(request.headers.cookie, sessions.cookieName);
  const session = sessionId ? await sessions.resolve(sessionId) : null;
  if (!session) return undefined;
  if (!safeMethods.has(request.method) && !sameSecret(request.headers['x-csrf-token'], session.csrfToken)) throw new CsrfTokenError();
  return session.role;
}

/**
 * The server's `onRequest` hook: resolves the caller's role and checks the route's access. An
 * unknown route is left to the 404 handler, so it answers the same with or without a token.
 */
export function authenticate(ring: ApiKeyRing, sessions?: SessionResolver) {
  return async function checkAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const access = request.routeOptions.config.access ?? 'admin';
    if (access === 'open' || request.is404) return;
    const header = request.headers.authorization;
    const fromSession = header === undefined ? await sessionRole(request, sessions) : undefined;
    if (header === undefined && fromSession === undefined) throw new UnauthorizedError('Missing Authorization: Bearer <token>');
    const match = header === undefined ? null : bearer.exec(header);
    const role = fromSession ?? (match ? ring.roleOf(match[1]) : undefined);
    if (role === undefined) throw new UnauthorizedError('Unknown API key');
    if (!roleGrants(role, access)) throw new ForbiddenError(role, access);
    // R54: idempotency records belong to the credential; a console session stands for its role.
    request.actor = fromSession ? { id: `console:${role}`, role } : { id: `api:${role}`, role, key: sha256(match![1]).toString('hex') };
  };
}

/** The caller of a route of the authenticated scope (the hook ran before the handler). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error('actorOf: route is outside the authenticated scope');
  return request.actor;
}
