#!/usr/bin/env node
import { runOpsCommand } from './cli/opsCommands';
import { runUntilSignalled, type ProcessRole } from './runtime/processes';

/**
 * `portflow [start|api|worker]` runs the service (SPEC §6; `npm start` is `portflow start`);
 * `portflow orders …` and `portflow calendar …` are the ops CLI.
 */
const [command = 'start', ...rest] = process.argv.slice(2);
const roles: ProcessRole[] = ['start', 'api', 'worker'];

if ((roles as string[]).includes(command)) {
  void runUntilSignalled(command as ProcessRole);
} else {
  void runOpsCommand([command, ...rest]).then((code) => process.exit(code));
}
