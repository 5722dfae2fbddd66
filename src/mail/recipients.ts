import type { Recipients } from '../../machines/effects';
import type { OrderContext } from '../../machines/types';
import { assertNever } from '../util/assertNever';

/**
 * R37.1: a notice goes to the order's contacts, the ops mailbox, or both. Addresses are compared
 * case-insensitively so a contact who is also the ops mailbox gets one copy; the first spelling wins.
 */
export function recipientsFor(to: Recipients, order: OrderContext, opsEmail: string): string[] {
  const contacts = order.order.contacts.map((contact) => contact.email);
  switch (to) {
    case 'contacts':
      return distinctAddresses(contacts);
    case 'ops':
      return [opsEmail];
    case 'both':
      return distinctAddresses([...contacts, opsEmail]);
    default:
      return assertNever(to, 'recipients');
  }
}

function distinctAddresses(addresses: string[]): string[] {
  const seen = new Set<string>();
  const distinct: string[] = [];
  for (const address of addresses) {
    const key = address.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    distinct.push(address.trim());
  }
  return distinct;
}
