import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { CliUsageError } from '../errors/CliUsageError';
import { ApiClient } from './apiClient';
import { resolveCredentials } from './credentials';
import { processOutput, type Output } from './output';

/** What every API command works with: the client (credentials resolved only when a command needs them) and its output. */
export interface Desk {
  api: ApiClient;
  out: Output;
}

/**
 * Wraps a command's action: commander passes `(…arguments, options, command)`; the action gets the
 * desk first, then the same arguments. `--json` is the program's option, valid after any command.
 */
export function deskAction<A extends unknown[]>(action: (desk: Desk, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const json = Boolean(command.optsWithGlobals().json);
    await action({ api: new ApiClient(resolveCredentials()), out: processOutput(json) }, ...(args.slice(0, -1) as A));
  };
}

/** Reads a JSON object argument: inline (`'{"type":"SUBMIT"}'`), `@file`, or `-` for stdin. */
export function jsonArgument(text: string, what: string): Record<string, unknown> {
  const source = text === '-' ? readFileSync(0, 'utf8') : text.startsWith('@') ? readFile(text.slice(1), what) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new CliUsageError('bad_argument', `${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliUsageError('bad_argument', `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** A text argument, or stdin when it is `-` (multi-line notes). */
export function textArgument(text: string): string {
  return text === '-' ? readFileSync(0, 'utf8').replace(/\n$/, '') : text;
}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CliUsageError('bad_argument', `${what}: cannot read ${path}`);
  }
}

/** commander argument parser for positive integers (commander reports the usage error, exit 2). */
export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`expected a positive whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** `/v1/port-orders/<id>` with the id escaped (an id is the caller's text). */
export function orderPath(orderId: string, rest = ''): string {
  return `/v1/port-orders/${encodeURIComponent(orderId)}${rest}`;
}
