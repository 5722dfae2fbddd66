/** Valid order inputs of each kind, as a client would send them; built fresh so tests can change them. */

const serviceAddress = () => ({ line1: '1 Main St', line2: null, city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' });
const contacts = () => [{ name: 'Jane Roe', email: 'jane@example.com' }];

let counter = 0;
/** An exchange (NXX) of 2xx–9xx that is neither N11 nor 555 (R2), varied per call. */
function exchange(): number {
  counter += 1;
  const candidate = 200 + ((process.pid * 31 + counter) % 700);
  return candidate % 100 === 11 || candidate === 555 ? candidate + 1 : candidate;
}

function line(): string {
  return String((Date.now() + counter * 7919) % 10000).padStart(4, '0');
}

/** A valid NANP geographic number that no other test of this run uses (R11 keeps numbers unique). */
export function freshNumber(): string {
  return `+1303${exchange()}${line()}`;
}

export function usOrderInput(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    kind: 'us',
    serviceType: 'wireline',
    numbers: [freshNumber(), freshNumber()],
    losingCarrier: 'Acme Telco',
    account: {
      companyName: 'Example Dental LLC',
      authorizedApprover: 'Jane Roe',
      billingTelephoneNumber: '+13034561200',
      accountNumber: '778812',
      serviceAddress: serviceAddress(),
    },
    remainingNumbers: 'keep',
    requestedFocDate: '2026-12-15',
    documents: { csrRequested: true, billCopyOnFile: true, loaSigned: true },
    contacts: contacts(),
    customerReference: 'PO-1182',
    ...overrides,
  };
}

export function wirelessOrderInput(pin: string): Record<string, any> {
  const input = usOrderInput({ serviceType: 'wireless' });
  input.account.pin = pin;
  return input;
}

export function tollFreeOrderInput(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    kind: 'tollFree',
    numbers: [`+1800${exchange()}${line()}`],
    losingCarrier: 'Acme Toll-Free',
    account: { companyName: 'Example Dental LLC', authorizedApprover: 'Jane Roe', serviceAddress: serviceAddress() },
    documents: { loaSigned: true },
    contacts: contacts(),
    ...overrides,
  };
}
