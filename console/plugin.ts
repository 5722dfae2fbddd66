import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyRing, cookieValue, sameSecret, type ConsoleSession } from '../src/api';
import { createOrderMachines } from '../machines/runEvent';
import type { Services } from '../src/runtime/services';
import { ConsoleApi, ConsoleApiError } from './ConsoleApi';
import { errorPage, signInPage } from './pages/layout';
import { registerPageRoutes } from './pageRoutes';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, type SessionStore } from './sessions/SessionStore';

export interface ConsoleOptions {
  services: Services;
  /** The sessions the API also accepts (buildServer's `sessions`). */
  sessions: SessionStore;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'in-handler': a multipart form, whose CSRF token the route reads from the body itself (the document upload). */
    consoleCsrf?: 'in-handler';
  }
  interface FastifyRequest {
    /** The signed-in console user, set on console routes. */
    consoleSession: ConsoleSession | null;
    consoleSessionId: string | null;
  }
}

/** The console's own files, read once: a fixed list, so no request names a path. */
const assets: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [
    ['console.css', 'text/css; charset=utf-8'],
    ['console.js', 'text/javascript; charset=utf-8'],
  ].map(([name, type]) => [name, { type, body: readFileSync(join(__dirname, 'public', name)) }]),
);

/** Form posts: flat string fields, bounded like every body (BODY_LIMIT_BYTES). */
function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

function sessionCookie(request: FastifyRequest, value: string, maxAge: number): string {
  // Path=/ because the API routes take the cookie too (the console calls them as the signed-in person).
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${request.protocol === 'https' ? '; Secure' : ''}`;
}

/**
 * The operations console (R66) at /console, and bull-board at /admin/queues. Its pages are rendered on
 * the server from the public HTTP API, called as the signed-in person; see docs/console.md.
 */
export async function registerConsole(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const { services, sessions } = options;
  const keyRing = new ApiKeyRing(services.config.API_KEYS ?? []);
  // The machines' definitions only, for their diagrams: nothing runs here.
  const machines = createOrderMachines({ calendar: services.calendar, portWindowMinutes: services.config.PORT_WINDOW_MINUTES });
  app.decorateRequest('consoleSession', null);
  app.decorateRequest('consoleSessionId', null);

  async function loadSession(request: FastifyRequest): Promise<void> {
    const sessionId = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (!sessionId) return;
    request.consoleSession = await sessions.resolve(sessionId);
    request.consoleSessionId = request.consoleSession ? sessionId : null;
  }

  await app.register(
    async (scope) => {
      acceptForms(scope);
      // The console's routes are open to the API's key check: they check the session themselves.
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'open' };
        route.schema = { ...route.schema, hide: true };
      });
      scope.addHook('onRequest', async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        await loadSession(request);
        const path = request.url.split('?')[0];
        if (path.startsWith('/console/assets/') || path === '/console/sign-in') return;
        if (!request.consoleSession) return reply.redirect('/console/sign-in', 303);
      });
      // Writes by form: SameSite=Strict keeps other sites' posts cookie-less, and the session's token must match
      // (checked once the body is parsed). Signing in has no session yet: a forged sign-in gains nothing but a session.
      scope.addHook('preHandler', async (request, reply) => {
        if (request.method !== 'POST' || request.url.split('?')[0] === '/console/sign-in' || !request.consoleSession) return;
        if (request.routeOptions.config.consoleCsrf === 'in-handler') return;
        const token = (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token'];
        if (!sameSecret(token, request.consoleSession.csrfToken)) {
          return reply.code(403).type('text/html; charset=utf-8').send(String(errorPage(request.consoleSession, 'Refused', 'This form is out of date (CSRF token mismatch). Reload the page and try again.')));
        }
      });
      scope.setErrorHandler(async (error, request, reply) => {
        const status = error instanceof ConsoleApiError ? error.status : 500;
        if (status >= 500) request.log.error({ err: error }, 'console page failed');
        const message = error instanceof ConsoleApiError ? `${error.apiError.code}: ${error.apiError.message}` : 'The console could not build this page; the log has the details.';
        return reply.code(status).type('text/html; charset=utf-8').send(String(errorPage(request.consoleSession, status === 404 ? 'Not found' : 'Something went wrong', message)));
      });

      scope.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
        const asset = assets[request.params.name];
        if (!asset) return reply.code(404).type('text/plain').send('no such asset');
        return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
      });

      scope.get('/sign-in', async (request, reply) => {
        if (request.consoleSession) return reply.redirect('/console', 303);
        return reply.type('text/html; charset=utf-8').send(String(signInPage(null)));
      });

      scope.post<{ Body: { key?: string } }>('/sign-in', async (request, reply) => {
        const role = typeof request.body?.key === 'string' ? keyRing.roleOf(request.body.key.trim()) : undefined;
        if (!role) return reply.code(401).type('text/html; charset=utf-8').send(String(signInPage('That key is not a portflow API key.')));
        const { sessionId } = await sessions.create(role);
        return reply.header('set-cookie', sessionCookie(request, sessionId, SESSION_TTL_SECONDS)).redirect('/console', 303);
      });

      scope.post('/sign-out', async (request, reply) => {
        if (request.consoleSessionId) await sessions.delete(request.consoleSessionId);
        return reply.header('set-cookie', sessionCookie(request, '', 0)).redirect('/console/sign-in', 303);
      });

      registerPageRoutes(scope, {
        machines,
        apiFor: (request) => new ConsoleApi(ConsoleApi.baseUrlOf(app), request.headers.cookie ?? '', request.consoleSession!.csrfToken),
      });
    },
    { prefix: '/console' },
  );

  await registerQueueBoard(app, services.queues.all(), loadSession);
}

/** bull-board (R66 queues), ops only: signed in to the console with an ops key. */
async function registerQueueBoard(app: FastifyInstance, queues: readonly Queue[], loadSession: (request: FastifyRequest) => Promise<void>): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath('/admin/queues');
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  await app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'open' };
        route.schema = { ...route.schema, hide: true };
      });
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        await loadSession(request);
        if (!request.consoleSession) return reply.redirect('/console/sign-in', 303);
        if (request.consoleSession.role !== 'ops') {
          return reply.code(403).type('text/html; charset=utf-8').send(String(errorPage(request.consoleSession, 'Ops only', 'The queues are for the ops role.')));
        }
      });
      // bull-board's page links Google Fonts; the console serves nothing from elsewhere (offline, R66).
      scope.addHook('onSend', async (_request, reply, payload) => {
        const type = String(reply.getHeader('content-type') ?? '');
        return type.startsWith('text/html') && typeof payload === 'string' ? payload.replace(/<link [^>]*href="https:\/\/fonts\.googleapis\.com[^>]*>/g, '') : payload;
      });
      await scope.register(serverAdapter.registerPlugin(), { prefix: '/admin/queues' });
    },
  );
}
