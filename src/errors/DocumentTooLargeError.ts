import { PortflowError } from './PortflowError';

/** R61: an uploaded file over the cap, refused while it streams in (nothing of it is kept): HTTP 413. */
export class DocumentTooLargeError extends PortflowError {
  readonly code = 'payload_too_large';
  readonly httpStatus = 413;

  constructor(maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes (${Math.round(maxBytes / 1024 / 1024)} MB), the most a document may be`, { maxBytes });
  }
}
