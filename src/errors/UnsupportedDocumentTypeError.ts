import { PortflowError } from './PortflowError';

/** R61: the file's content is not a PDF, PNG, JPEG or TIFF (whatever its name or declared type says): HTTP 415. */
export class UnsupportedDocumentTypeError extends PortflowError {
  readonly code = 'unsupported_media_type';
  readonly httpStatus = 415;

  constructor(detected: string | null, accepted: readonly string[]) {
    super(`The file's content is ${detected ?? 'of no type we recognise'}; a document must be one of ${accepted.join(', ')}`, { detected, accepted });
  }
}
