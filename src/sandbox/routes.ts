import type { FastifyInstance } from 'fastify';
import type { RouteDocs } from '../api/openapi';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../errors/ValidationError';
import { NotFoundError } from '../errors/NotFoundError';
import { listDevMailbox, readDevMail } from '../mail';
import { fromZodIssues } from '../orders/issues';
import type { SandboxClockController } from './SandboxClockController';

const moveClockSchema = z.object({ now: z.iso.datetime({ offset: true }) }).strict();

/**
 * SPEC §5.2: `GET/POST /v1/sandbox/clock`. Registered only with SANDBOX=1, so without it the
 * routes do not exist and answer 404 like any unknown route.
 */
export function registerSandboxRoutes(app: FastifyInstance, sandbox: SandboxClockController): void {
  const tags = ['sandbox'];
  app.get(
    '/v1/sandbox/clock',
    { schema: { tags, summary: 'The sandbox clock' }, config: { access: 'read', docs: { success: [200, 'SandboxClock'] } } },
    async () => ({ now: await sandbox.now() }),
  );
  const moveDocs = { body: 'SandboxClockMove', success: [200, 'SandboxClock'], errors: [400] } satisfies RouteDocs;
  app.post('/v1/sandbox/clock', { schema: { tags, summary: 'Move the sandbox clock forward and fire the timers due on the way' }, config: { access: 'admin', docs: moveDocs } }, async (request) => {
    const parsed = moveClockSchema.safeParse(request.body, { reportInput: true });
    if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
    return sandbox.moveTo(DateTime.fromISO(parsed.data.now, { setZone: true }));
  });
}

/**
 * The development mailbox (SPEC §6): with no SMTP_URL every mail is an .eml file under
 * `<DATA_DIR>/mail/`; this lists them newest first. Only when there is no SMTP server.
 */
export function registerDevMailboxRoute(app: FastifyInstance, dataDir: string): void {
  app.get(
    '/v1/dev/mailbox',
    { schema: { tags: ['sandbox'], summary: 'Mails written to the development mailbox, newest first' }, config: { access: 'read', docs: { success: [200, 'DevMailbox'] } } },
    async () => ({ messages: await listDevMailbox(dataDir) }),
  );
  // One message, readable: its text part and its invite (the console's mailbox, R66).
  app.get<{ Params: { file: string } }>(
    '/v1/dev/mailbox/:file',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'One development-mailbox message: its text part and its meeting invite',
        params: { type: 'object', required: ['file'], properties: { file: { type: 'string', minLength: 5, maxLength: 300 } } },
      },
      config: { access: 'read', docs: { success: [200, 'DevMail'], errors: [404] } },
    },
    async (request) => {
      const mail = await readDevMail(dataDir, request.params.file);
      if (!mail) throw new NotFoundError('mail', request.params.file);
      return mail;
    },
  );
}
