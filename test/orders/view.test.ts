import type { OrderContext } from '../../machines/types';
import { PinCipher } from '../../src/orders/pin';
import { validateOrderInput } from '../../src/orders/validateOrder';
import { orderViewSchema, toOrderView } from '../../src/orders/view';
import type { Sla } from '../../src/calendar/types';
import { ctx, seal, tollFreeOrder, usOrder } from './orderFixtures';

const PIN = '90817263';
const cipher = new PinCipher([{ id: 'test', key: Buffer.alloc(32, 3) }]);
const sla: Sla = {
  responseDueBy: { at: '2026-12-10T07:00:00Z', localDate: '2026-12-10' },
  completionTargetBy: null,
  completionLatestBy: null,
};

function contextFor(raw: Record<string, any>): OrderContext {
  const result = validateOrderInput(raw, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const order = seal(result.value, cipher);
  return {
    id: 'po_01JTEST', kind: order.kind, projectId: null, order, project: false, portType: 'coordinated',
    numbers: order.numbers.map((number) => ({ number, status: 'pending' as const })),
    focDate: '2026-12-15', sameDayFoc: false, atRisk: false,
    schedule: {
      startAt: '2026-12-16T16:00:00.000Z', endAt: '2026-12-16T16:30:00.000Z', offHours: false, offHoursFee: false,
      acknowledgeRisk: false, warnings: [], conferenceBridge: null, holdsSlot: true,
    },
    inviteSequence: 0, window: null, rejectionCount: 0, lastRejection: null, changedSinceRejection: false,
    submittedAt: '2026-12-01T17:00:00.000Z', readiness: null, testResults: null, timers: {}, cancelReason: null,
    createdAt: '2026-12-01T16:00:00.000Z', updatedAt: '2026-12-02T16:00:00.000Z',
  };
}

function wirelessContext(): OrderContext {
  const raw = usOrder();
  raw.serviceType = 'wireless';
  raw.account.pin = PIN;
  return contextFor(raw);
}

const viewOf = (context: OrderContext) =>
  toOrderView({ context, state: 'scheduled', stateDetail: 'scheduled', version: 7, allowedEvents: ['RESCHEDULE', 'CANCEL'], sla });

describe('toOrderView (SPEC 5)', () => {
  it('R12: the view says pinOnFile and never contains the PIN or its ciphertext', () => {
    const context = wirelessContext();
    const view = viewOf(context);
    const json = JSON.stringify(view);
    expect(view.account.pinOnFile).toBe(true);
    expect(json).not.toContain(PIN);
    // The base64 parts (iv, tag, ciphertext); the version and key id are common words.
    for (const part of context.order.account.pinCiphertext!.split(':').slice(2)) expect(json).not.toContain(part);
    expect(json).not.toMatch(/"pin"|pinCiphertext/);
  });

  it('R12: pinOnFile is false without a PIN', () => {
    expect(viewOf(contextFor(tollFreeOrder())).account.pinOnFile).toBe(false);
  });

  it('R12: the account is an allow-list: a field added to the stored account does not leak', () => {
    const context = wirelessContext();
    (context.order.account as Record<string, unknown>).internalNote = 'credit hold';
    const view = viewOf(context);
    expect(Object.keys(view.account).sort()).toEqual(
      ['accountNumber', 'authorizedApprover', 'billingTelephoneNumber', 'companyName', 'pinOnFile', 'serviceAddress'],
    );
    expect(JSON.stringify(view)).not.toContain('credit hold');
  });

  it('SPEC 5: the view has the documented fields and matches orderViewSchema', () => {
    const view = viewOf(wirelessContext());
    expect(orderViewSchema.strict().parse(view)).toEqual(view);
    expect(view).toMatchObject({
      id: 'po_01JTEST', kind: 'us', state: 'scheduled', stateDetail: 'scheduled', version: 7,
      allowedEvents: ['RESCHEDULE', 'CANCEL'], project: false, projectId: null, portType: 'coordinated',
      numbers: [{ number: '+13034561234', status: 'pending' }, { number: '+13034561235', status: 'pending' }],
      focDate: '2026-12-15', sameDayFoc: false, atRisk: false, window: null, rejectionCount: 0, lastRejection: null,
      sla, contacts: [{ name: 'Jane Roe', email: 'jane@example.com' }], customerReference: 'PO-1182',
    });
  });

  it('SPEC 5: schedule.local is startAt in America/Denver with its offset (MST and MDT)', () => {
    const winter = viewOf(wirelessContext());
    expect(winter.schedule).toMatchObject({ startAt: '2026-12-16T16:00:00.000Z', local: '2026-12-16T09:00:00-07:00', inviteSequence: 0 });
    const context = wirelessContext();
    context.schedule = { ...context.schedule!, startAt: '2027-07-15T15:00:00.000Z' };
    expect(viewOf(context).schedule!.local).toBe('2027-07-15T09:00:00-06:00');
  });
});
