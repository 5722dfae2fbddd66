/**
 * An error the `portflow` CLI reports on one line (`code: message`) before it exits with `exitCode`:
 * 1 when the API refused or could not be reached, 2 when the command line itself was wrong.
 */
export abstract class CliError extends Error {
  abstract readonly exitCode: 1 | 2;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
