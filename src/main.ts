#!/usr/bin/env node
import { runCli } from './cli/program';

/**
 * `portflow [start|api|worker]` runs the service (SPEC §6; `npm start` is `portflow start`); every
 * other command is the desk CLI over HTTP (R67). The service code (Redis, BullMQ) is loaded only
 * for the service commands, so a desk command starts fast and never touches Redis.
 */
void runCli(process.argv.slice(2), async (role) => {
  // require, not import(): bin/portflow.js runs the sources through tsx's require hook, which a native import() bypasses.
  const { runUntilSignalled } = require('./runtime/processes') as typeof import('./runtime/processes');
  await runUntilSignalled(role);
}).then((outcome) => {
  if ('exit' in outcome) process.exit(outcome.exit);
});
