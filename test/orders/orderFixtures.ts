import { DEFAULT_LEAD_TIMES } from '../../src/config/config';
import { PortingCalendar } from '../../src/calendar/PortingCalendar';
import type { OrderInput, StoredOrderInput } from '../../src/orders/orderInput';
import type { PinCipher } from '../../src/orders/pin';
import { sealOrder } from '../../src/orders/sealOrder';
import { validateOrderInput, type ValidationContext } from '../../src/orders/validateOrder';
import { usOrderInput } from '../support/orderInputs';

/** Shared inputs for the order tests: one valid order per kind, built fresh so tests can mutate them. */

export const calendar = new PortingCalendar({
  extraClosedDays: [],
  slotCapacity: 4,
  internationalLeadTimes: DEFAULT_LEAD_TIMES,
  defaultInternationalLeadDays: 15,
});

/** A Tuesday in Denver. */
export const TODAY = '2026-12-01';
export const ctx: ValidationContext = { today: TODAY, calendar };

const serviceAddress = () => ({ line1: '1 Main St', line2: null, city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' });
const contacts = () => [{ name: 'Jane Roe', email: 'jane@example.com' }];

export function usOrder(): Record<string, any> {
  return usOrderInput({ numbers: ['+13034561234', '+13034561235'] });
}

export function tollFreeOrder(): Record<string, any> {
  return {
    kind: 'tollFree',
    numbers: ['+18002345678', '+18885551234'],
    losingCarrier: 'Acme Toll-Free',
    account: { companyName: 'Example Dental LLC', authorizedApprover: 'Jane Roe', serviceAddress: serviceAddress() },
    contacts: contacts(),
  };
}

export function internationalOrder(): Record<string, any> {
  return {
    kind: 'international',
    country: 'GB',
    numbers: ['+442071234567', '+447400123456'],
    losingCarrier: 'Acme UK',
    account: {
      companyName: 'Example Dental Ltd',
      authorizedApprover: 'Jane Roe',
      accountNumber: 'GB-5512',
      serviceAddress: { line1: '10 Downing St', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
    },
    contacts: contacts(),
  };
}

/** The issues of an input as `path code` lines, so a test states exactly which problems it expects. */
export function issuesOf(raw: unknown, context: ValidationContext = ctx): string[] {
  const result = validateOrderInput(raw, context);
  return result.ok ? [] : result.issues.map((i) => `${i.path} ${i.code}`);
}

/** The order the fixtures' PINs are sealed for (R57: a PIN blob opens only on its own order). */
export const FIXTURE_ORDER_ID = 'po_01JFIXTURE';

/** What the engine stores (R12): the PIN encrypted, or the one already on file kept. */
export function seal(value: OrderInput, cipher: PinCipher, pinOnFile: string | null = null): StoredOrderInput {
  return sealOrder(value, cipher, pinOnFile, FIXTURE_ORDER_ID);
}
