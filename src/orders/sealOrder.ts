import type { OrderInput, StoredOrderInput } from './orderInput';
import type { PinCipher } from './pin';
import { PinDecryptError } from './PinDecryptError';

/**
 * R12: the order as it may be stored — the plaintext PIN replaced by its ciphertext, bound to the
 * order (R57). An input without a PIN keeps the one already on file (`pinOnFile`); a PIN is never
 * read back or cleared.
 */
export function sealOrder(order: OrderInput, pins: PinCipher, pinOnFile: string | null, orderId: string): StoredOrderInput {
  const { pin, ...account } = order.account;
  return { ...order, account: { ...account, pinCiphertext: pin ? pins.encrypt(pin, orderId) : resealed(pins, pinOnFile, orderId) } };
}

/**
 * R57 migration: a PIN on file sealed the old way (v1, or with a key no longer first) is sealed
 * again with the current key when its order is updated. One that no configured key opens stays as
 * it is: the PIN is write-only, so refusing the UPDATE would help nobody.
 */
function resealed(pins: PinCipher, pinOnFile: string | null, orderId: string): string | null {
  if (pinOnFile === null || pins.isCurrent(pinOnFile)) return pinOnFile;
  try {
    return pins.encrypt(pins.decrypt(pinOnFile, orderId), orderId);
  } catch (error) {
    if (error instanceof PinDecryptError) return pinOnFile;
    throw error;
  }
}
