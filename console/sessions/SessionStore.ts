import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../src/store/redis';
import type { ConsoleSession, SessionResolver } from '../../src/api';
import type { Role } from '../../src/config/config';

/** A working day: a person signs in once in the morning; a forgotten tab stops working by night. */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
export const SESSION_COOKIE = 'portflow_session';

const roles: ReadonlySet<string> = new Set<Role>(['viewer', 'integration', 'ops']);

/**
 * Console sessions (R66) in Redis, each with an expiry. The cookie holds a random id; Redis keeps only
 * its SHA-256, so a copy of the database holds no usable cookie. A session keeps the key's role, never the key.
 */
export class SessionStore implements SessionResolver {
  readonly cookieName = SESSION_COOKIE;

  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
  ) {}

  private key(sessionId: string): string {
    return `${this.keyPrefix}:console:session:${createHash('sha256').update(sessionId).digest('hex')}`;
  }

  async create(role: Role): Promise<{ sessionId: string; session: ConsoleSession }> {
    const sessionId = randomBytes(32).toString('base64url');
    const session = { role, csrfToken: randomBytes(32).toString('base64url') };
    await this.redis.set(this.key(sessionId), JSON.stringify(session), 'EX', SESSION_TTL_SECONDS);
    return { sessionId, session };
  }

  async resolve(sessionId: string): Promise<ConsoleSession | null> {
    // Anything but our own 43-character ids is refused before it reaches Redis.
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
    const stored = await this.redis.get(this.key(sessionId));
    if (stored === null) return null;
    const session = JSON.parse(stored) as ConsoleSession;
    return roles.has(session.role) ? session : null;
  }

  async delete(sessionId: string): Promise<void> {
    await this.redis.del(this.key(sessionId));
  }
}
