/**
 * R64: the normalised rejection reasons. Losing carriers each have their own reject codes (REJECT's
 * `code` keeps the raw one); the desk files a rejection under one of these so that the customer is
 * told, in plain words, what to correct, and the order's fields at fault are known. `fields` are
 * order input paths as the validation issues name them.
 */
export interface RejectionReason {
  code: string;
  /** What the losing carrier said, for the desk. */
  summary: string;
  fields: readonly string[];
  /** The words the customer gets in the rejection notice and sees on the order. */
  hint: string;
}

const address = ['account.serviceAddress.line1', 'account.serviceAddress.line2', 'account.serviceAddress.city', 'account.serviceAddress.region'];

export const rejectionCatalog = [
  {
    code: 'ACCOUNT_NUMBER_MISMATCH',
    summary: 'The account number does not match the losing carrier’s records',
    fields: ['account.accountNumber'],
    hint: 'The account number does not match the one the losing carrier has. Copy it from a recent bill of the losing carrier.',
  },
  {
    code: 'AUTHORIZED_PERSON_MISMATCH',
    summary: 'The authorized person is not the one on the account',
    fields: ['account.authorizedApprover'],
    hint: 'The person who authorized the port is not the authorized user on the account. Give the name the losing carrier has on file.',
  },
  {
    code: 'BTN_MISMATCH',
    summary: 'The billing telephone number does not match the account',
    fields: ['account.billingTelephoneNumber'],
    hint: 'The billing telephone number (BTN) is not the main number of the account. Check it on a recent bill.',
  },
  {
    code: 'COMPANY_NAME_MISMATCH',
    summary: 'The company name does not match the account',
    fields: ['account.companyName'],
    hint: 'The company name must be written exactly as on the losing carrier’s bill.',
  },
  {
    code: 'ADDRESS_MISMATCH',
    summary: 'The service address does not match the account',
    fields: address,
    hint: 'The service address must be the one the losing carrier has for these numbers, as on the bill.',
  },
  {
    code: 'POSTAL_CODE_MISMATCH',
    summary: 'The postal code does not match the service address on the account',
    fields: ['account.serviceAddress.postalCode'],
    hint: 'The postal code of the service address does not match the losing carrier’s records. Check it on the bill.',
  },
  {
    code: 'PIN_INVALID',
    summary: 'The wireless PIN or passcode is wrong or missing',
    fields: ['account.pin'],
    hint: 'The account PIN (passcode) is not the one the losing carrier has. Ask the carrier for the port-out PIN and send it again.',
  },
  {
    code: 'NUMBER_NOT_PORTABLE',
    summary: 'One or more numbers cannot be ported',
    fields: ['numbers'],
    hint: 'The losing carrier says some numbers cannot be ported. Remove them from the order, or ask us what can be done.',
  },
  {
    code: 'NUMBER_NOT_ON_ACCOUNT',
    summary: 'One or more numbers are not on this account',
    fields: ['numbers'],
    hint: 'Some numbers are not on this account with the losing carrier. Check the list, or port them in an order for their own account.',
  },
  {
    code: 'PARTIAL_PORT_NEEDS_NEW_BTN',
    summary: 'The BTN is ported but numbers stay: a new BTN is needed',
    fields: ['newBillingTelephoneNumber', 'remainingNumbers'],
    hint: 'The billing telephone number is being ported while other numbers stay with the losing carrier. Name the new billing telephone number for the numbers that stay.',
  },
  {
    code: 'FOC_DATE_REJECTED',
    summary: 'The requested FOC date is refused',
    fields: ['requestedFocDate'],
    hint: 'The losing carrier cannot port on the requested date. Pick a later business day.',
  },
  {
    code: 'LOSING_CARRIER_UNRESPONSIVE',
    summary: 'The losing carrier did not answer',
    fields: [],
    hint: 'The losing carrier did not answer in time. Nothing on the order needs to change; we will resubmit it.',
  },
  {
    code: 'DOCUMENT_MISSING',
    summary: 'A document (LOA, bill copy, CSR) is missing or unreadable',
    fields: ['documents'],
    hint: 'A document is missing or unreadable: a signed letter of authorization (LOA) or a recent bill. Send it again.',
  },
  {
    code: 'OTHER',
    summary: 'Any other reason: read the carrier’s reason',
    fields: [],
    hint: 'The losing carrier rejected the order; the reason is given above.',
  },
] as const satisfies readonly RejectionReason[];

export type RejectionReasonCode = (typeof rejectionCatalog)[number]['code'];

export const rejectionReasonCodes = rejectionCatalog.map((reason) => reason.code) as [RejectionReasonCode, ...RejectionReasonCode[]];

export function rejectionReason(code: RejectionReasonCode): RejectionReason {
  return rejectionCatalog.find((reason) => reason.code === code)!;
}
