import { PortflowError } from './PortflowError';

/** R52: a body that is not valid UTF-8 is refused whole, not read with U+FFFD in place of its bad bytes. */
export class InvalidUtf8Error extends PortflowError {
  readonly code = 'invalid_utf8';
  readonly httpStatus = 400;

  constructor() {
    super('The request body is not valid UTF-8');
  }
}
