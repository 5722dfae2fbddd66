import { CliError } from './CliError';

/** The command line is wrong (bad argument, not logged in): exit 2, like commander's own usage errors. */
export class CliUsageError extends CliError {
  readonly exitCode = 2;
}
