import { rejectionReason } from '../../src/orders/rejectionCatalog';
import type { Rejection } from '../types';
import type { EventOf } from './events';

/**
 * REJECT as the order keeps it (R26 history, R64): with a catalog `reasonCode`, the fields at fault
 * default to the catalog's and the customer's hint comes with it. The catalog is plain data, so
 * the machine stays pure.
 */
export function rejectionOf(event: EventOf<'REJECT'>): Rejection {
  const base = { reason: event.reason, code: event.code ?? null, fields: event.fields ?? [], at: event.at };
  if (!event.reasonCode) return base;
  const catalog = rejectionReason(event.reasonCode);
  return { ...base, reasonCode: catalog.code, hint: catalog.hint, fields: event.fields ?? [...catalog.fields] };
}
