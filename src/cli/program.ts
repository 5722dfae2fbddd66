import { Command, CommanderError } from 'commander';
import { CliError } from '../errors/CliError';
import type { ProcessRole } from '../runtime/processes';
import { registerCalendarCommands } from './commands/calendar';
import { registerDocumentCommands } from './commands/documents';
import { registerLoginCommands } from './commands/login';
import { registerOrderCommands } from './commands/orders';
import { registerSandboxCommands } from './commands/sandbox';
import { registerWebhookCommands } from './commands/webhooks';

/** What `runCli` asks of its caller: exit with this code, or keep running (a service process). */
export type CliOutcome = { exit: number } | { running: true };

const SERVICE_ROLES: Record<ProcessRole, string> = {
  start: 'run the API and the workers in one process (what npm start runs)',
  api: 'run only the HTTP API',
  worker: 'run only the outbox relay and the BullMQ workers (as many as you like)',
};

function buildProgram(onService: (role: ProcessRole) => void): Command {
  const program = new Command('portflow')
    .description('portflow: port orders from draft to completed. The desk commands talk to the API over HTTP (PORTFLOW_URL and PORTFLOW_TOKEN, or portflow login); start, api and worker run the service.')
    .option('--json', "print the API's JSON instead of tables (for scripts)")
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  for (const role of Object.keys(SERVICE_ROLES) as ProcessRole[]) {
    program.command(role).description(SERVICE_ROLES[role]).action(() => onService(role));
  }
  registerLoginCommands(program);
  registerOrderCommands(program);
  registerDocumentCommands(program);
  registerCalendarCommands(program);
  registerWebhookCommands(program);
  registerSandboxCommands(program);
  return program;
}

/**
 * `portflow <command>` (SPEC §6, R67). Exit codes: 0 done (and `--help`), 1 the API refused or could
 * not be reached (`code: message` on one line on stderr), 2 a usage error. No command at all is
 * `start`, as it always was.
 */
export async function runCli(argv: string[], startService: (role: ProcessRole) => Promise<void>): Promise<CliOutcome> {
  let service: ProcessRole | null = null;
  const program = buildProgram((role) => (service = role));
  try {
    await program.parseAsync(argv.length === 0 ? ['start'] : argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { exit: error.exitCode === 0 ? 0 : 2 }; // commander has printed why
    if (error instanceof CliError) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return { exit: error.exitCode };
    }
    process.stderr.write(`internal_error: ${error instanceof Error ? error.message : String(error)}\n`);
    return { exit: 1 };
  }
  if (service === null) return { exit: 0 };
  await startService(service);
  return { running: true };
}
