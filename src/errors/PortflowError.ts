/**
 * The base of every error portflow reports to a caller. The HTTP layer turns any PortflowError into
 * `{ "error": { "code", "message", "details" } }` with `httpStatus`; anything else is a bug (500).
 * `code` is stable: clients and tests match on it, never on `message`.
 */
export abstract class PortflowError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;

  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
