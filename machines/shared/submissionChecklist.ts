import type { OrderKind, StoredOrderInput } from '../../src/orders/orderInput';
import type { Refusal } from '../effects';

/**
 * R25: what must be on file before an order goes to the losing carrier. US follows the seed's
 * checklist; international follows the country notes of SPEC §7; toll-free needs nothing extra.
 * Each requirement is a field path (as the client names it) and how to tell it is there.
 */
interface Requirement {
  path: string;
  isMet: (order: StoredOrderInput) => boolean;
}

const loaSigned: Requirement = { path: 'documents.loaSigned', isMet: (o) => o.documents.loaSigned };
const billCopyOnFile: Requirement = { path: 'documents.billCopyOnFile', isMet: (o) => o.documents.billCopyOnFile };
const csrRequested: Requirement = { path: 'documents.csrRequested', isMet: (o) => o.documents.csrRequested };
const idOnFile: Requirement = { path: 'documents.idOnFile', isMet: (o) => o.documents.idOnFile };
const portingCodeOnFile: Requirement = {
  path: 'documents.portingCodeOnFile',
  isMet: (o) => o.documents.portingCodeOnFile,
};
const accountNumber: Requirement = { path: 'account.accountNumber', isMet: (o) => Boolean(o.account.accountNumber) };
const pinOnFile: Requirement = { path: 'account.pin', isMet: (o) => o.account.pinCiphertext !== null };

const internationalByCountry: Record<string, readonly Requirement[]> = {
  GB: [loaSigned, billCopyOnFile],
  CA: [loaSigned, billCopyOnFile, accountNumber, pinOnFile],
  DE: [loaSigned, billCopyOnFile, idOnFile],
  FR: [billCopyOnFile, portingCodeOnFile],
  AU: [loaSigned, billCopyOnFile],
  MX: [idOnFile],
};
const internationalDefault: readonly Requirement[] = [loaSigned];

const byKind: Record<OrderKind, (order: StoredOrderInput) => readonly Requirement[]> = {
  us: () => [csrRequested, billCopyOnFile],
  tollFree: () => [],
  international: (order) => internationalByCountry[order.country ?? ''] ?? internationalDefault,
};

/** The field paths that keep `order` from being submitted on `today` (Denver date); empty when ready. */
export function missingForSubmission(kind: OrderKind, order: StoredOrderInput, today: string): string[] {
  const missing: string[] = [];
  for (const requirement of byKind[kind](order)) {
    if (!requirement.isMet(order)) missing.push(requirement.path);
  }
  // A requested FOC date that has passed while the order sat in draft must be moved first.
  if (order.requestedFocDate && order.requestedFocDate < today) missing.push('requestedFocDate');
  return missing;
}

export function submissionIncomplete(missing: string[]): Refusal {
  return {
    code: 'submission_incomplete',
    message: `The order cannot be submitted yet: ${missing.join(', ')} missing or invalid`,
    rule: 'R25',
    details: { missing },
  };
}
