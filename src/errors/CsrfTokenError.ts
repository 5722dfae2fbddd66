import { PortflowError } from './PortflowError';

/**
 * A write made with a console session cookie but without that session's CSRF token in
 * `X-CSRF-Token`: HTTP 403 `csrf_token_invalid`. Bearer-token callers never see it.
 */
export class CsrfTokenError extends PortflowError {
  readonly code = 'csrf_token_invalid';
  readonly httpStatus = 403;

  constructor() {
    super('A console write needs the X-CSRF-Token header of its session');
  }
}
