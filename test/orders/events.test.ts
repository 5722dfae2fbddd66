import { apiEventSchema, publicEventTypes, type ApiEvent } from '../../src/orders/events';
import type { OrderEvent } from '../../machines/types';

/** One accepted and one refused payload per event type (SPEC 3.1). */
const cases: Record<string, { accept: object; refuse: object }> = {
  UPDATE: { accept: { losingCarrier: ' Other Telco ' }, refuse: { kind: 'tollFree' } },
  SUBMIT: { accept: {}, refuse: { reason: 'extra' } },
  REJECT: { accept: { reason: 'BTN mismatch', code: '6P', fields: ['account.billingTelephoneNumber'] }, refuse: { reason: '' } },
  RESUBMIT: { accept: {}, refuse: { note: 'again' } },
  CONFIRM_FOC: { accept: { focDate: '2026-12-15' }, refuse: { focDate: '2026-02-30' } },
  RELEASE: { accept: { releasedAt: '2026-12-01T10:00:00-07:00' }, refuse: { releasedAt: '2026-12-01T10:00:00' } },
  CHANGE_FOC: { accept: { focDate: '2026-12-16', reason: 'carrier moved it' }, refuse: { focDate: '2026-12-16' } },
  SCHEDULE: {
    accept: { startAt: '2026-12-16T16:00:00Z', offHours: false, acknowledgeRisk: false, conferenceBridge: 'https://meet.example/x' },
    refuse: { startAt: '2026-12-16 09:00' },
  },
  RESCHEDULE: { accept: { startAt: '2026-12-17T16:00:00.000Z' }, refuse: { startAt: '2026-12-17T16:00:00Z', offHours: 'yes' } },
  CONFIRM_READY: { accept: { confirmedBy: 'Jane Roe' }, refuse: { confirmedBy: '   ' } },
  NOT_READY: { accept: { reason: 'PBX not configured' }, refuse: {} },
  PORT_COMPLETED: { accept: { notReleased: ['+13034561235'] }, refuse: { notReleased: ['3034561235'] } },
  NUMBERS_RELEASED: { accept: { numbers: ['+13034561235'] }, refuse: { numbers: [] } },
  EXCLUDE_NUMBERS: { accept: { numbers: ['+13034561235'], reason: 'carrier will not release' }, refuse: { numbers: ['+13034561235'] } },
  TEST_CALLS_PASSED: { accept: { results: [{ number: '+13034561234', passed: true }] }, refuse: { results: [{ number: '+13034561234' }] } },
  TEST_CALLS_FAILED: {
    accept: { results: [{ number: '+13034561234', passed: false, detail: 'no ring' }] },
    refuse: { results: [{ number: '+13034561234', passed: false, extra: 1 }] },
  },
  RETEST: { accept: {}, refuse: { results: [] } },
  CANCEL: { accept: { reason: 'customer withdrew' }, refuse: { reason: 'x'.repeat(1001) } },
};

describe('API event payloads (SPEC 3.1)', () => {
  it('SPEC 3.1: every public event type has a case here, and TIMER is not public', () => {
    expect([...publicEventTypes].sort()).toEqual(Object.keys(cases).sort());
    expect(publicEventTypes).not.toContain('TIMER');
  });

  it.each(Object.entries(cases))('SPEC 3.1: %s accepts a valid payload and refuses a bad one', (type, { accept, refuse }) => {
    const accepted = apiEventSchema.safeParse({ type, ...accept });
    expect(accepted.error?.issues).toBeUndefined();
    expect(apiEventSchema.safeParse({ type, ...refuse }).success).toBe(false);
  });

  it('SPEC 3.1: TIMER and unknown types are refused', () => {
    expect(apiEventSchema.safeParse({ type: 'TIMER', timer: 'windowOpens', visit: 3 }).success).toBe(false);
    expect(apiEventSchema.safeParse({ type: 'LAUNCH' }).success).toBe(false);
  });

  it('R11.1: event strings are trimmed', () => {
    const parsed = apiEventSchema.parse({ type: 'CANCEL', reason: '  customer withdrew  ' });
    expect(parsed).toEqual({ type: 'CANCEL', reason: 'customer withdrew' });
  });

  it('SPEC 3.1: every event but UPDATE is, once stamped, a machine event (compile-time check)', () => {
    const stamp = (event: Exclude<ApiEvent, { type: 'UPDATE' }>): OrderEvent => ({ ...event, at: '2026-12-01T17:00:00Z', seq: 1 });
    expect(stamp({ type: 'CANCEL', reason: 'x' }).type).toBe('CANCEL');
  });
});
