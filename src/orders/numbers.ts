import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { classifyNanp, nanpDefectMessages, type NanpClass } from './nanp';
import { enoughIssues, issue, type ValidationIssue } from './issues';
import type { OrderKind } from './orderInput';

/**
 * The number rules of SPEC R1–R4. libphonenumber-js (full "max" metadata) decides whether a non-NANP
 * number is valid and which country a number belongs to; our own NANP rules (`nanp.ts`) decide what
 * a +1 number is. We do not ask libphonenumber whether a +1 number is valid: its per-exchange lists
 * lag behind real assignments, and refusing to port a number that exists is worse than the rare
 * carrier rejection.
 */

/** The US and the territories that share its numbering and porting rules (SPEC §1.1). */
export const usCountries: ReadonlySet<string> = new Set(['US', 'PR', 'GU', 'MP', 'VI', 'AS']);

export const isUsCountry = (country: string): boolean => usCountries.has(country);

/** E.164: '+', a country code not starting with 0, at most 15 digits in all, nothing else. */
const E164 = /^\+[1-9]\d{1,14}$/;
const NANP_PREFIX = '+1';

const E164_HINT = "must be an E.164 number: '+', the country code and the number, digits only (e.g. +13034561234)";
const TOLL_FREE_LIST = '800, 833, 844, 855, 866, 877, 888';

/**
 * Country of each NANP area code and exchange (`303456`) seen so far, so that a 5,000-number order
 * parses each exchange once. Within +1 the first six digits decide the country; an overlay area
 * code can have exchanges that are not open yet, so the area code alone does not.
 */
const countryOfExchange = new Map<string, string | null>();
const MAX_CACHED_EXCHANGES = 100_000;

/** The ISO country a number belongs to (territories as themselves: PR, GU…), or null when none. */
export function countryOfNumber(e164: string): string | null {
  if (!e164.startsWith(NANP_PREFIX)) return parsePhoneNumberFromString(e164)?.country ?? null;
  const exchange = e164.slice(2, 8);
  let country = countryOfExchange.get(exchange);
  if (country === undefined) {
    country = parsePhoneNumberFromString(e164)?.country ?? null;
    if (countryOfExchange.size < MAX_CACHED_EXCHANGES) countryOfExchange.set(exchange, country);
  }
  return country;
}

/** R1 syntax: an issue when `value` is not a well-formed E.164 number, else null. */
export function checkE164(path: string, value: string): ValidationIssue | null {
  if (!E164.test(value)) return issue(path, 'invalid_e164', E164_HINT);
  if (value.startsWith(NANP_PREFIX)) {
    return classifyNanp(value).category === 'notNanp'
      ? issue(path, 'invalid_e164', 'a +1 (NANP) number has exactly 10 digits after +1')
      : null;
  }
  return parsePhoneNumberFromString(value)?.isValid()
    ? null
    : issue(path, 'invalid_e164', 'is not a valid phone number of any country (check the country code and length)');
}

/** R5/R7: a billing telephone number must be a well-formed, usable NANP number. */
export function checkNanpNumber(path: string, value: string): ValidationIssue | null {
  if (!value.startsWith(NANP_PREFIX)) {
    return issue(path, 'invalid_nanp', 'must be a NANP number in E.164 form: +1 and 10 digits (e.g. +13034561200)');
  }
  const syntax = checkE164(path, value);
  if (syntax !== null) return syntax;
  const nanp = classifyNanp(value);
  return nanp.category === 'invalid' ? issue(path, 'invalid_nanp', nanpDefectMessages[nanp.defect]) : null;
}

/**
 * R1–R4 for the `numbers` list of an order: one issue per bad number at `numbers[i]`.
 * `country` is the order's country for `international`, or null when it is missing or unusable
 * (R4 reports that at `country`; the numbers are then checked for syntax only).
 */
export function checkOrderNumbers(kind: OrderKind, numbers: readonly string[], country: string | null): ValidationIssue[] {
  if (numbers.length === 0) return [issue('numbers', 'required', 'at least one number is required')];
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < numbers.length && !enoughIssues(issues); i++) {
    const number = numbers[i];
    const path = `numbers[${i}]`;
    const problem = checkE164(path, number) ?? duplicateOf(path, number, i, firstIndex) ?? kindRule(kind, path, number, country);
    if (problem !== null) issues.push(problem);
  }
  return issues;
}

function duplicateOf(path: string, number: string, index: number, firstIndex: Map<string, number>): ValidationIssue | null {
  const first = firstIndex.get(number);
  if (first !== undefined) return issue(path, 'duplicate_number', `is the same number as numbers[${first}]; list each number once`);
  firstIndex.set(number, index);
  return null;
}

function kindRule(kind: OrderKind, path: string, number: string, country: string | null): ValidationIssue | null {
  const nanp = classifyNanp(number);
  switch (kind) {
    case 'us':
      return checkLocalNumber(path, number, nanp);
    case 'tollFree':
      return checkTollFreeNumber(path, nanp);
    case 'international':
      return country === null ? null : checkInternationalNumber(path, number, nanp, country);
  }
}

/** A +1 number that is not a place: malformed by the NANP rules, or a service area code (N00, 5XX…). */
function notGeographic(path: string, number: string, nanp: Extract<NanpClass, { category: 'invalid' | 'nonGeographic' }>): ValidationIssue {
  return nanp.category === 'invalid'
    ? issue(path, 'not_geographic', nanpDefectMessages[nanp.defect])
    : issue(path, 'not_geographic', `area code ${number.slice(2, 5)} is a non-geographic service code, not a place`);
}

/** R2: a NANP geographic number of the US or a US territory. */
function checkLocalNumber(path: string, number: string, nanp: NanpClass): ValidationIssue | null {
  switch (nanp.category) {
    case 'invalid':
    case 'nonGeographic':
      return notGeographic(path, number, nanp);
    case 'tollFree':
      return issue(path, 'toll_free_in_local_order', 'is a toll-free number: port it in an order of kind tollFree');
    case 'notNanp':
      return wrongCountry(path, number, 'US');
    case 'geographic': {
      const owner = countryOfNumber(number);
      return owner !== null && isUsCountry(owner) ? null : wrongCountry(path, number, 'US');
    }
  }
}

/** R3: one of the toll-free area codes. */
function checkTollFreeNumber(path: string, nanp: NanpClass): ValidationIssue | null {
  switch (nanp.category) {
    case 'tollFree':
      return null;
    case 'invalid':
      return issue(path, 'not_toll_free', nanpDefectMessages[nanp.defect]);
    default:
      return issue(path, 'not_toll_free', `is not a toll-free number: a tollFree order takes area codes ${TOLL_FREE_LIST}`);
  }
}

/** R4: a number of the order's country (Canadian and Caribbean +1 numbers included). */
function checkInternationalNumber(path: string, number: string, nanp: NanpClass, country: string): ValidationIssue | null {
  switch (nanp.category) {
    case 'invalid':
    case 'nonGeographic':
      return notGeographic(path, number, nanp);
    case 'tollFree':
      return issue(path, 'wrong_country', 'is a NANP toll-free number: port it in an order of kind tollFree');
    default:
      return countryOfNumber(number) === country ? null : wrongCountry(path, number, country);
  }
}

/** Says where the number does belong, so the client knows which order it goes in. */
function wrongCountry(path: string, number: string, expected: string): ValidationIssue {
  const owner = countryOfNumber(number);
  if (owner === null) {
    const what = number.startsWith(NANP_PREFIX)
      ? `area code and exchange ${number.slice(2, 5)}-${number.slice(5, 8)} are not assigned to any country`
      : 'belongs to no country';
    return issue(path, 'wrong_country', `${what}; this order takes numbers of ${expected}`);
  }
  const where = isUsCountry(owner)
    ? `is a number of ${owner}: port it in an order of kind us`
    : `is a number of ${owner}: port it in an order of kind international with country ${owner}`;
  return issue(path, 'wrong_country', `${where} (this order takes numbers of ${expected})`);
}
