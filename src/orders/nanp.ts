/**
 * The North American Numbering Plan rules that libphonenumber-js does not check for us (SPEC R2, R3):
 * it knows which country an area code belongs to, but not which numbers a porting carrier treats as
 * geographic, toll-free or unusable. A number is `+1` NPA (area code) NXX (exchange) XXXX (line).
 */

/** SPEC §1.1: the toll-free area codes in service. */
export const tollFreeNpas: ReadonlySet<string> = new Set(['800', '833', '844', '855', '866', '877', '888']);

/**
 * Area codes that pass the structural rules but reach a service, not a place (NANPA's
 * non-geographic codes): the N00 codes other than toll-free 800 (500 personal, 600 Canadian
 * services, 700 carrier services, 900 premium rate; 200/300/400 reserved), 456 inter-carrier
 * services, 710 US government, and the personal-communications codes 5XX and 622/633.
 * None of these can be a local (us) port.
 */
const nonGeographicNpas: ReadonlySet<string> = new Set([
  '200', '300', '400', '500', '600', '700', '900', '456', '710',
  '521', '522', '523', '524', '525', '526', '527', '528', '529', '532', '533', '544', '566', '577', '588',
  '622', '633',
]);

/** Why a +1 number is not a usable NANP number, in the order the rules are checked. */
export type NanpDefect =
  | 'npa_starts_with_0_or_1'
  | 'npa_second_digit_9'
  | 'npa_is_n11'
  | 'nxx_starts_with_0_or_1'
  | 'nxx_is_n11'
  | 'fictitious_555_01xx';

export type NanpClass =
  | { category: 'notNanp' }
  | { category: 'tollFree' }
  | { category: 'geographic' }
  | { category: 'nonGeographic' }
  | { category: 'invalid'; defect: NanpDefect };

export const nanpDefectMessages: Readonly<Record<NanpDefect, string>> = {
  npa_starts_with_0_or_1: 'the area code (NPA) must start with a digit 2–9',
  npa_second_digit_9: 'the area code (NPA) must not have 9 as its second digit (reserved for expansion)',
  npa_is_n11: 'the area code (NPA) must not be an N11 service code such as 411 or 911',
  nxx_starts_with_0_or_1: 'the exchange (NXX, digits 4–6 of the number) must start with a digit 2–9',
  nxx_is_n11: 'the exchange (NXX, digits 4–6 of the number) must not be an N11 service code such as 411 or 911',
  fictitious_555_01xx: '555-0100 to 555-0199 are fictitious numbers reserved for films and examples',
};

const NANP_E164 = /^\+1(\d{3})(\d{3})(\d{4})$/;

const isN11 = (code: string): boolean => code[1] === '1' && code[2] === '1';
const startsWith0or1 = (code: string): boolean => code[0] === '0' || code[0] === '1';

/** Classifies an E.164 string; anything that is not `+1` followed by ten digits is `notNanp`. */
export function classifyNanp(e164: string): NanpClass {
  const match = NANP_E164.exec(e164);
  if (match === null) return { category: 'notNanp' };
  const [, npa, nxx, line] = match;
  const defect = nanpDefect(npa, nxx, line);
  if (defect !== null) return { category: 'invalid', defect };
  if (tollFreeNpas.has(npa)) return { category: 'tollFree' };
  if (nonGeographicNpas.has(npa)) return { category: 'nonGeographic' };
  return { category: 'geographic' };
}

function nanpDefect(npa: string, nxx: string, line: string): NanpDefect | null {
  if (startsWith0or1(npa)) return 'npa_starts_with_0_or_1';
  if (npa[1] === '9') return 'npa_second_digit_9';
  if (isN11(npa)) return 'npa_is_n11';
  if (startsWith0or1(nxx)) return 'nxx_starts_with_0_or_1';
  if (isN11(nxx)) return 'nxx_is_n11';
  if (nxx === '555' && line.startsWith('01')) return 'fictitious_555_01xx';
  return null;
}
