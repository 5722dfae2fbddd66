import { isSupportedCountry } from 'libphonenumber-js/max';
import { isCalendarDate } from '../calendar/portingZone';
import type { Calendar } from '../calendar/types';
import { ValidationError } from '../errors/ValidationError';
import { fromZodIssues, issue, type ValidationIssue } from './issues';
import { checkNanpNumber, checkOrderNumbers, isUsCountry } from './numbers';
import {
  orderInputSchema,
  orderUpdateSchema,
  type OrderInput,
  type OrderInputRaw,
  type StoredOrderInput,
} from './orderInput';

/**
 * Order validation (SPEC §1.3): first the shape (`orderInputSchema`: types, sizes, trimming, unknown
 * fields — R11.1), then every porting rule R1–R10 on the shaped value, collecting all issues so a
 * client fixes everything in one round. A shape failure is reported alone: the rules need a value
 * of the right shape to say anything useful.
 */

export interface ValidationContext {
  /** Today in America/Denver, YYYY-MM-DD (R10). */
  today: string;
  calendar: Calendar;
  /**
   * UPDATE: a PIN is already stored (see `mergeOrderUpdate`), so R6 is met without a new one.
   * A create never has one on file.
   */
  pinOnFile?: boolean;
}

export type ValidationResult = { ok: true; value: OrderInput } | { ok: false; issues: ValidationIssue[] };

type PortingRule = (order: OrderInput, ctx: ValidationContext) => ValidationIssue[];

export function validateOrderInput(raw: unknown, ctx: ValidationContext): ValidationResult {
  const { order, issues } = checkOrderInput(raw, ctx);
  return order !== null && issues.length === 0 ? { ok: true, value: order } : { ok: false, issues };
}

/**
 * The same checks, keeping the shaped order beside the rule issues: the dry run (R65) derives
 * kind, project and SLA from an order that has the right shape even when a porting rule refuses it.
 * `order` is null when the shape itself is wrong.
 */
export function checkOrderInput(raw: unknown, ctx: ValidationContext): { order: OrderInput | null; issues: ValidationIssue[] } {
  const shaped = orderInputSchema.safeParse(raw, { reportInput: true });
  if (!shaped.success) return { order: null, issues: fromZodIssues(shaped.error.issues) };
  // SPEC §1.2: the country "defaults to US"; only an international order names its own.
  const order = shaped.data.kind === 'international' ? shaped.data : { ...shaped.data, country: shaped.data.country ?? 'US' };
  return { order, issues: portingRules.flatMap((rule) => rule(order, ctx)) };
}

/** R4: the country an international order's numbers must belong to, or null when `checkCountry` refuses it. */
function numbersCountry(order: OrderInput): string | null {
  const country = order.country;
  return order.kind === 'international' && country !== undefined && !isUsCountry(country) && isSupportedCountry(country)
    ? country
    : null;
}

const checkNumbers: PortingRule = (order) => checkOrderNumbers(order.kind, order.numbers, numbersCountry(order));

const checkCountry: PortingRule = (order) => {
  const country = order.country;
  if (order.kind !== 'international') {
    return country === 'US' ? [] : [issue('country', 'wrong_country', `an order of kind ${order.kind} is always country US (leave it out)`)];
  }
  if (country === undefined) {
    return [issue('country', 'required', 'is required for an international order: the ISO 3166-1 alpha-2 code of the numbers, e.g. GB')];
  }
  if (isUsCountry(country)) {
    return [issue('country', 'wrong_country', `${country} is the US or a US territory: port its numbers in an order of kind us or tollFree`)];
  }
  return isSupportedCountry(country) ? [] : [issue('country', 'invalid_country', `${country} is not a country with a telephone numbering plan we know`)];
};

/** R3: a toll-free port has no service type, PIN or BTN; refusing them catches a wrong `kind`. */
const checkTollFreeFields: PortingRule = (order) => {
  if (order.kind !== 'tollFree') return [];
  const notAccepted = (path: string) => issue(path, 'not_accepted', 'is not accepted for a toll-free order (leave it out)');
  const issues: ValidationIssue[] = [];
  if (order.serviceType !== undefined) issues.push(notAccepted('serviceType'));
  if (order.account.pin != null) issues.push(notAccepted('account.pin'));
  if (order.account.billingTelephoneNumber != null) issues.push(notAccepted('account.billingTelephoneNumber'));
  return issues;
};

/** R4: the losing carrier abroad identifies the account by its number. */
const checkInternationalAccount: PortingRule = (order) =>
  order.kind === 'international' && order.account.accountNumber == null
    ? [issue('account.accountNumber', 'required', 'is required for an international order')]
    : [];

/** R5 */
const checkBillingNumber: PortingRule = (order) => {
  if (order.kind !== 'us') return [];
  const btn = order.account.billingTelephoneNumber;
  if (btn == null) {
    return [issue('account.billingTelephoneNumber', 'required', 'is required for a us order: the main number the losing carrier bills the account under')];
  }
  const problem = checkNanpNumber('account.billingTelephoneNumber', btn);
  return problem === null ? [] : [problem];
};

const PIN = /^\d{4,10}$/;

/** R6: a wireless carrier releases a number only against the account number and its PIN. */
const checkWirelessAccount: PortingRule = (order, ctx) => {
  if (order.kind !== 'us' || order.serviceType !== 'wireless') return [];
  const issues: ValidationIssue[] = [];
  if (order.account.accountNumber == null) {
    issues.push(issue('account.accountNumber', 'required', 'is required for a wireless port'));
  }
  const pin = order.account.pin;
  if (pin == null) {
    if (!ctx.pinOnFile) issues.push(issue('account.pin', 'required', 'is required for a wireless port: the account PIN or passcode'));
  } else if (!PIN.test(pin)) {
    issues.push(issue('account.pin', 'invalid_pin', 'must be 4 to 10 digits'));
  }
  return issues;
};

/** R7: porting the BTN away while keeping the other numbers leaves the account without a BTN. */
const checkNewBillingNumber: PortingRule = (order) => {
  const btn = order.account.billingTelephoneNumber;
  if (btn == null || order.remainingNumbers !== 'keep' || !order.numbers.includes(btn)) return [];
  const path = 'newBillingTelephoneNumber';
  const newBtn = order.newBillingTelephoneNumber;
  if (newBtn == null) {
    return [issue(path, 'required', 'is required: the BTN is ported and the remaining numbers are kept, so the account needs a new BTN')];
  }
  if (newBtn === btn) return [issue(path, 'same_as_btn', 'must differ from account.billingTelephoneNumber, which is being ported')];
  if (order.numbers.includes(newBtn)) return [issue(path, 'new_btn_ported', 'must be a number that stays on the account, not one in numbers')];
  const problem = checkNanpNumber(path, newBtn);
  return problem === null ? [] : [problem];
};

/** US ZIP or ZIP+4, with or without the hyphen. */
const US_POSTAL_CODE = /^\d{5}(-?\d{4})?$/;

/** R8 (the required fields are enforced by the shape; territories use US ZIP codes too). */
const checkPostalCode: PortingRule = (order) => {
  const address = order.account.serviceAddress;
  return isUsCountry(address.country) && !US_POSTAL_CODE.test(address.postalCode)
    ? [issue('account.serviceAddress.postalCode', 'invalid_postal_code', 'must be a US ZIP code: 5 or 9 digits (80202, 80202-1234 or 802021234)')]
    : [];
};

/** R9 (each address is checked by the shape; invites and notices need somewhere to go). */
const checkContacts: PortingRule = (order) =>
  order.contacts.length === 0 ? [issue('contacts', 'required', 'at least one contact with an e-mail address is required')] : [];

/** R10 */
const checkRequestedFocDate: PortingRule = (order, ctx) => {
  const date = order.requestedFocDate;
  if (date == null) return [];
  const path = 'requestedFocDate';
  if (!isCalendarDate(date)) return [issue(path, 'invalid_date', `${date} is not a calendar date`)];
  if (date < ctx.today) return [issue(path, 'in_past', `${date} is in the past (today is ${ctx.today} in Denver)`)];
  return ctx.calendar.isBusinessDate(date)
    ? []
    : [issue(path, 'not_business_day', `${date} is not a business day (a weekend, a US federal holiday or a carrier closed day)`)];
};

const portingRules: readonly PortingRule[] = [
  checkCountry,
  checkNumbers,
  checkTollFreeFields,
  checkInternationalAccount,
  checkBillingNumber,
  checkWirelessAccount,
  checkNewBillingNumber,
  checkPostalCode,
  checkContacts,
  checkRequestedFocDate,
];

/**
 * UPDATE (SPEC §3.1): the update's fields over the current order, as a raw input to validate whole
 * with `validateOrderInput`. `account`, its `serviceAddress` and `documents` merge field by field;
 * every other field, arrays included, is replaced whole. Throws `ValidationError` for an update
 * that is not a partial order (unknown fields, wrong types; `kind` cannot change).
 *
 * The PIN (R12) is write-only: the stored ciphertext cannot go back into a plaintext input, so the
 * merged input carries a PIN only when the update brings a new one. Without one (absent, null or
 * blank) the PIN on file stays: validate with `pinOnFile: current.account.pinCiphertext !== null`
 * (R6) and keep the current ciphertext when the validated value has no PIN. A PIN can be replaced,
 * never read back or cleared.
 */
export function mergeOrderUpdate(current: StoredOrderInput, update: unknown): OrderInputRaw {
  const parsed = orderUpdateSchema.safeParse(update, { reportInput: true });
  if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
  const { account: accountUpdate, documents: documentsUpdate, ...fields } = parsed.data;
  const { pinCiphertext: _keptByTheCaller, ...currentAccount } = current.account;
  const { serviceAddress: addressUpdate, ...accountFields } = accountUpdate ?? {};
  return {
    ...current,
    ...fields,
    account: {
      ...currentAccount,
      ...accountFields,
      serviceAddress: { ...currentAccount.serviceAddress, ...addressUpdate },
    },
    documents: { ...current.documents, ...documentsUpdate },
  };
}
