import { PortflowError } from '../errors/PortflowError';

/**
 * A stored PIN ciphertext could not be opened: altered, truncated, or sealed with another key
 * (`PIN_ENCRYPTION_KEY` changed). Never carries the blob itself.
 */
export class PinDecryptError extends PortflowError {
  readonly code = 'pin_undecryptable';
  readonly httpStatus = 500;

  constructor(detail: string) {
    super(`the stored PIN cannot be decrypted: ${detail}`);
  }
}
