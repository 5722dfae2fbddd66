import { PortflowError } from '../errors/PortflowError';

/**
 * A stored PIN ciphertext could not be opened: altered, truncated, or sealed with another key
 * (its key no longer in `PIN_ENCRYPTION_KEYS`), or sealed for another order (R57). Never carries the blob itself.
 */
export class PinDecryptError extends PortflowError {
  readonly code = 'pin_undecryptable';
  readonly httpStatus = 500;

  constructor(detail: string) {
    super(`the stored PIN cannot be decrypted: ${detail}`);
  }
}
