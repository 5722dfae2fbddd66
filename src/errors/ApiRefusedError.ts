import { CliError } from './CliError';

/** The API answered with an error (`{ error: { code, message } }`), or could not be reached (`unreachable`): exit 1. */
export class ApiRefusedError extends CliError {
  readonly exitCode = 1;

  constructor(
    code: string,
    message: string,
    /** The HTTP status; null when no answer came. */
    readonly status: number | null,
  ) {
    super(code, message);
  }
}
