import type { OrderContext } from '../../machines/types';

/** A PIN that must never show up in a mail (R12); the context only holds its ciphertext. */
export const FAKE_PIN = '987654';
export const PIN_CIPHERTEXT = 'v1.Q0lQSEVSVEVYVC1QSU4tTkVWRVItU0hPV04.tag';
export const ACCOUNT_NUMBER = '77881299';

/** A scheduled coordinated US order with every optional field filled, so templates have something to show. */
export function orderFixture(overrides: Partial<OrderContext> = {}): OrderContext {
  return {
    id: 'po_01JTESTORDER0000000000000',
    kind: 'us',
    projectId: null,
    order: {
      kind: 'us',
      country: 'US',
      serviceType: 'wireless',
      numbers: ['+13034561234', '+13034561235'],
      losingCarrier: 'Acme Telco',
      account: {
        companyName: 'Example Dental LLC',
        authorizedApprover: 'Jane Roe',
        billingTelephoneNumber: '+13034561200',
        accountNumber: ACCOUNT_NUMBER,
        pinCiphertext: PIN_CIPHERTEXT,
        serviceAddress: { line1: '1 Main St', line2: null, city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' },
      },
      remainingNumbers: 'keep',
      newBillingTelephoneNumber: null,
      priDisconnect: false,
      requestedFocDate: '2026-12-15',
      documents: { csrRequested: true, billCopyOnFile: true, loaSigned: true, invoiceOnFile: false, idOnFile: false, portingCodeOnFile: false },
      contacts: [
        { name: 'Jane Roe', email: 'jane@example.com' },
        { name: 'Bob Poe', email: 'bob@example.com' },
      ],
      customerReference: 'PO-1182',
    },
    project: false,
    portType: 'coordinated',
    numbers: [
      { number: '+13034561234', status: 'ported' },
      { number: '+13034561235', status: 'notReleased' },
    ],
    focDate: '2026-12-15',
    sameDayFoc: false,
    atRisk: false,
    schedule: {
      startAt: '2026-12-16T16:00:00.000Z',
      endAt: '2026-12-16T16:30:00.000Z',
      offHours: false,
      offHoursFee: false,
      acknowledgeRisk: false,
      warnings: [],
      conferenceBridge: 'https://bridge.example.com/po-1182',
      holdsSlot: true,
    },
    inviteSequence: 0,
    window: null,
    rejectionCount: 1,
    lastRejection: { reason: 'BTN mismatch', code: '6P', fields: ['account.billingTelephoneNumber'], at: '2026-12-02T17:00:00.000Z' },
    changedSinceRejection: false,
    submittedAt: '2026-12-01T17:00:00.000Z',
    readiness: { confirmedBy: 'Jane Roe', at: '2026-12-16T16:02:00.000Z' },
    testResults: [
      { number: '+13034561234', passed: true },
      { number: '+13034561235', passed: false, detail: 'fast busy' },
    ],
    timers: {},
    cancelReason: null,
    createdAt: '2026-11-30T17:00:00.000Z',
    updatedAt: '2026-12-01T17:00:00.000Z',
    ...overrides,
  };
}
