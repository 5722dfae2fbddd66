import type { OrderContext } from '../../machines/types';

/**
 * R62: the search index, one sorted set whose members all have score 0, so Redis orders them
 * lexicographically (ZRANGEBYLEX). A member is `<field>\0<value>\0<order id>`:
 *   n  a number of the order (exact E.164; kept when the order is final)
 *   r  its customer reference (exact)
 *   q  its company name and its losing carrier, lower-cased (for case-insensitive prefixes)
 * A lookup is a range of members, never a scan; members of one value sort by order id, which is a
 * ULID, so by creation time. The commit script adds and removes members with the order (R38).
 */
export type SearchField = 'n' | 'r' | 'q';

const SEPARATOR = '\u0000';

export function searchMember(field: SearchField, value: string, orderId: string): string {
  return `${field}${SEPARATOR}${value}${SEPARATOR}${orderId}`;
}

/** Every member an order has in the index, as it stands. */
export function searchMembersOf(context: OrderContext | null): Set<string> {
  if (context === null) return new Set();
  const { id, order } = context;
  const members = order.numbers.map((number) => searchMember('n', number, id));
  if (order.customerReference) members.push(searchMember('r', order.customerReference, id));
  members.push(searchMember('q', order.account.companyName.toLowerCase(), id));
  members.push(searchMember('q', order.losingCarrier.toLowerCase(), id));
  return new Set(members);
}

/** The order id at the end of a member. */
export function orderIdOfMember(member: string): string {
  return member.slice(member.lastIndexOf(SEPARATOR) + 1);
}

/**
 * The ZRANGEBYLEX bounds of the members of `field` whose value is `value` exactly, or starts with
 * it (`prefix`). No value holds a control character (R52), so after an exact value only the
 * separator can follow; a prefix range ends at byte 0xFF, above every byte of UTF-8 text.
 */
export function searchRange(field: SearchField, value: string, match: 'exact' | 'prefix'): { min: Buffer; max: Buffer } {
  const start = `${field}${SEPARATOR}${value}`;
  return match === 'exact'
    ? { min: Buffer.from(`[${start}${SEPARATOR}`), max: Buffer.from(`(${start}\u0001`) }
    : { min: Buffer.from(`[${start}`), max: Buffer.concat([Buffer.from(`(${start}`), Buffer.from([0xff])]) };
}
