import { PortflowError } from '../errors/PortflowError';

/** No bearer token, or one that matches no configured API key: HTTP 401. */
export class UnauthorizedError extends PortflowError {
  readonly code = 'unauthorized';
  readonly httpStatus = 401;

  constructor(reason: string) {
    super(reason);
  }
}

/** A known key whose role does not grant this route: HTTP 403. */
export class ForbiddenError extends PortflowError {
  readonly code = 'forbidden';
  readonly httpStatus = 403;

  constructor(role: string, access: string) {
    super(`The ${role} role cannot ${access === 'read' ? 'read this resource' : 'do this'}`, { role, requires: access });
  }
}
