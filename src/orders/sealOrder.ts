import type { OrderInput, StoredOrderInput } from './orderInput';
import type { PinCipher } from './pin';

/**
 * R12: the order as it may be stored — the plaintext PIN replaced by its ciphertext. An input
 * without a PIN keeps the one already on file (`pinOnFile`); a PIN is never read back or cleared.
 */
export function sealOrder(order: OrderInput, pins: PinCipher, pinOnFile: string | null): StoredOrderInput {
  const { pin, ...account } = order.account;
  return { ...order, account: { ...account, pinCiphertext: pin ? pins.encrypt(pin) : pinOnFile } };
}
